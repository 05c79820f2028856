import { Product } from '../helpers/models';
import { EMBEDDED_PRODUCTS_LIMIT } from '../../src/modules/product-groups';
import { countRows, useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

interface GroupCase {
  path: string;
  table: string;
  nameField: 'category_name' | 'tag_name';
  /** Creates a group row and returns its id. */
  create: (name?: string) => Promise<number>;
  /** Creates a product that belongs to the group. */
  addProduct: (
    groupId: number,
    overrides?: { product_name?: string; price?: number },
  ) => Promise<{ id: number; category_id: number | null }>;
}

const cases: GroupCase[] = [
  {
    path: '/api/categories',
    table: 'category',
    nameField: 'category_name',
    create: async (name) => (await createCategory(name === undefined ? {} : { category_name: name })).id,
    addProduct: (groupId, overrides = {}) => createProduct({ ...overrides, category_id: groupId }),
  },
  {
    path: '/api/tags',
    table: 'tag',
    nameField: 'tag_name',
    create: async (name) => (await createTag(name === undefined ? {} : { tag_name: name })).id,
    addProduct: (groupId, overrides = {}) => createProduct({ ...overrides, tagIds: [groupId] }),
  },
];

describe.each(cases)('$path', ({ path, table, nameField, create, addProduct }) => {
  describe(`GET ${path}`, () => {
    test('lists rows with their plain embedded products and product_count', async () => {
      const groupId = await create('Group A');
      const product = await addProduct(groupId, { product_name: 'Thing', price: 22.99 });
      const emptyId = await create('Group B');

      const response = await api().get(path);

      expect(response.status).toBe(200);
      expect(response.headers['x-total-count']).toBe('2');
      expect(response.body).toEqual([
        {
          id: groupId,
          [nameField]: 'Group A',
          product_count: 1,
          products: [
            {
              id: product.id,
              product_name: 'Thing',
              price: 22.99,
              stock: 10,
              category_id: product.category_id ?? null,
            },
          ],
        },
        { id: emptyId, [nameField]: 'Group B', product_count: 0, products: [] },
      ]);
      expect(JSON.stringify(response.body)).not.toContain('product_tag');
    });

    test('paginates', async () => {
      for (let i = 0; i < 3; i++) await create();
      const response = await api().get(`${path}?per_page=2&page=2`);
      expect(response.body).toHaveLength(1);
      expect(response.headers['x-total-count']).toBe('3');
      expect(response.headers.link).toContain('rel="prev"');
    });

    test('per_page over 100 is a 400', async () => {
      expectProblem(await api().get(`${path}?per_page=500`), 400, 'VALIDATION_FAILED');
    });
  });

  describe(`GET ${path}/:id`, () => {
    test('returns one row with its products', async () => {
      const groupId = await create();
      const product = await addProduct(groupId);
      const response = await api().get(`${path}/${groupId}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: groupId, product_count: 1, products: [{ id: product.id }] });
    });

    test(`bounds the embedded list at ${EMBEDDED_PRODUCTS_LIMIT} products, while product_count tells the true number`, async () => {
      const groupId = await create();
      for (let i = 0; i < EMBEDDED_PRODUCTS_LIMIT + 2; i++) await addProduct(groupId);
      const response = await api().get(`${path}/${groupId}`);
      expect(response.body.product_count).toBe(EMBEDDED_PRODUCTS_LIMIT + 2);
      expect(response.body.products).toHaveLength(EMBEDDED_PRODUCTS_LIMIT);
      const ids = (response.body.products as Array<{ id: number }>).map((p) => p.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    test('an unknown id is a 404 and a bad id a 400', async () => {
      expectProblem(await api().get(`${path}/999999`), 404, 'NOT_FOUND');
      expectProblem(await api().get(`${path}/abc`), 400, 'VALIDATION_FAILED');
    });
  });

  describe(`POST ${path}`, () => {
    test('creates a row and responds 201 with it, trimmed, with an empty product list', async () => {
      const response = await admin.post(path).send({ [nameField]: '  Jackets  ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        [nameField]: 'Jackets',
        product_count: 0,
        products: [],
      });
      expect(response.headers.location).toBe(`${path}/${response.body.id}`);
      expect(await countRows(table)).toBe(1);
    });

    test.each([
      {},
      { [nameField]: '' },
      { [nameField]: 42 },
      { [nameField]: 'x'.repeat(101) },
      { [nameField]: 'ok', extra: 1 },
    ])('rejects %j with a 400 and creates nothing', async (body) => {
      expectProblem(await admin.post(path).send(body), 400, 'VALIDATION_FAILED');
      expect(await countRows(table)).toBe(0);
    });

    test('a duplicate name, in any letter case, is a 409 naming the field', async () => {
      await create('Jackets');
      const problem = expectProblem(await admin.post(path).send({ [nameField]: 'JACKETS' }), 409, 'CONFLICT');
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: `#/${nameField}` })]);
      expect(await countRows(table)).toBe(1);
    });
  });

  describe(`PUT ${path}/:id`, () => {
    test('renames the row and responds 200 with it and its products', async () => {
      const groupId = await create('Old');
      await addProduct(groupId);
      const response = await admin.put(`${path}/${groupId}`).send({ [nameField]: 'New' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: groupId, [nameField]: 'New', product_count: 1 });
    });

    test('setting the same name again is a 200, not a 404', async () => {
      const groupId = await create('Same');
      const response = await admin.put(`${path}/${groupId}`).send({ [nameField]: 'Same' });
      expect(response.status).toBe(200);
    });

    test("taking another row's name is a 409", async () => {
      await create('Taken');
      const groupId = await create('Mine');
      expectProblem(await admin.put(`${path}/${groupId}`).send({ [nameField]: 'Taken' }), 409, 'CONFLICT');
    });

    test('an unknown id is a 404 and an invalid body a 400', async () => {
      expectProblem(await admin.put(`${path}/999999`).send({ [nameField]: 'x' }), 404, 'NOT_FOUND');
      const groupId = await create();
      expectProblem(await admin.put(`${path}/${groupId}`).send({}), 400, 'VALIDATION_FAILED');
    });
  });

  describe(`DELETE ${path}/:id`, () => {
    test('deletes the row (204) and keeps its products', async () => {
      const groupId = await create();
      const product = await addProduct(groupId);
      const response = await admin.delete(`${path}/${groupId}`);
      expect(response.status).toBe(204);
      expect(await countRows(table)).toBe(0);
      expect(await Product.findByPk(product.id)).not.toBeNull();
    });

    test('an unknown id is a 404', async () => {
      expectProblem(await admin.delete(`${path}/999999`), 404, 'NOT_FOUND');
    });
  });
});

describe('DELETE /api/categories/:id', () => {
  test("sets its products' category_id to null", async () => {
    const category = await createCategory();
    const product = await createProduct({ category_id: category.id });
    await admin.delete(`/api/categories/${category.id}`).expect(204);
    const response = await api().get(`/api/products/${product.id}`);
    expect(response.body).toMatchObject({ category_id: null, category: null });
  });
});

describe('DELETE /api/tags/:id', () => {
  test('removes the tag from its products', async () => {
    const [kept, deleted] = [await createTag(), await createTag()];
    const product = await createProduct({ tagIds: [kept.id, deleted.id] });
    await admin.delete(`/api/tags/${deleted.id}`).expect(204);
    const response = await api().get(`/api/products/${product.id}`);
    expect(response.body.tags).toEqual([{ id: kept.id, tag_name: kept.tag_name }]);
    expect(await countRows('product_tag')).toBe(1);
  });
});
