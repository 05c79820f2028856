import { Product, ProductTag } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, apiOf, expectProblem } from '../helpers/http';
import { createApp } from '../../src/app';
import { SEARCH_MODES } from '../../src/config/env';

useTestDatabase();

let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

const tagIdsOf = async (productId: number) =>
  (await ProductTag.findAll({ where: { product_id: productId }, order: [['tag_id', 'ASC']] })).map(
    (row) => row.tag_id,
  );

describe('GET /api/products', () => {
  test('returns products with their category and tags, and no join-table key', async () => {
    const category = await createCategory({ category_name: 'Shirts' });
    const [white, gold] = [await createTag({ tag_name: 'white' }), await createTag({ tag_name: 'gold' })];
    const product = await createProduct({
      product_name: 'Plain T-Shirt',
      price: 14.99,
      stock: 14,
      category_id: category.id,
      tagIds: [gold.id, white.id],
    });

    const response = await api().get('/api/products');

    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        id: product.id,
        product_name: 'Plain T-Shirt',
        price: 14.99,
        stock: 14,
        category_id: category.id,
        low_stock_threshold: 5,
        restock_quantity: 0,
        sku: null,
        sale_price: null,
        sale_ends_at: null,
        category: { id: category.id, category_name: 'Shirts' },
        tags: [
          { id: white.id, tag_name: 'white' },
          { id: gold.id, tag_name: 'gold' },
        ],
      },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('product_tag');
  });

  test('a product without a category has category null and an empty tag list', async () => {
    await createProduct({ category_id: null });
    const response = await api().get('/api/products');
    expect(response.body[0]).toMatchObject({ category_id: null, category: null, tags: [] });
  });

  test('paginates with X-Total-Count and a Link header', async () => {
    for (let i = 0; i < 5; i++) await createProduct();
    const response = await api().get('/api/products?page=2&per_page=2');
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(2);
    expect(response.headers['x-total-count']).toBe('5');
    const link = response.headers.link as string;
    expect(link).toContain('page=1&per_page=2>; rel="first"');
    expect(link).toContain('page=1&per_page=2>; rel="prev"');
    expect(link).toContain('page=3&per_page=2>; rel="next"');
    expect(link).toContain('page=3&per_page=2>; rel="last"');
    expect(response.headers['access-control-expose-headers']).toMatch(/X-Total-Count/);
    expect(response.headers['access-control-expose-headers']).toMatch(/Link/);
  });

  test('a page past the end is an empty array', async () => {
    await createProduct();
    const response = await api().get('/api/products?page=9');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
    expect(response.headers['x-total-count']).toBe('1');
  });

  test('filters by category, tag, price range, stock and name, and sorts', async () => {
    const shirts = await createCategory();
    const red = await createTag();
    const cheapShirt = await createProduct({
      product_name: 'Red 100% shirt',
      price: 5,
      category_id: shirts.id,
      tagIds: [red.id],
    });
    const dearShirt = await createProduct({
      product_name: 'Silk shirt',
      price: 80,
      category_id: shirts.id,
      stock: 0,
    });
    const hat = await createProduct({ product_name: 'Hat', price: 20, tagIds: [red.id] });

    const ids = async (query: string) => {
      const response = await api().get(`/api/products?${query}`);
      expect(response.status).toBe(200);
      return (response.body as Array<{ id: number }>).map((p) => p.id);
    };

    expect(await ids(`category_id=${shirts.id}`)).toEqual([cheapShirt.id, dearShirt.id]);
    expect(await ids(`tag_id=${red.id}`)).toEqual([cheapShirt.id, hat.id]);
    expect(await ids('min_price=10&max_price=50')).toEqual([hat.id]);
    expect(await ids('in_stock=true')).toEqual([cheapShirt.id, hat.id]);
    expect(await ids('in_stock=false')).toEqual([dearShirt.id]);
    expect(await ids('q=SHIRT')).toEqual([cheapShirt.id, dearShirt.id]);
    expect(await ids('q=100%25')).toEqual([cheapShirt.id]);
    expect(await ids('q=_')).toEqual([]);
    expect(await ids('sort=-price')).toEqual([dearShirt.id, hat.id, cheapShirt.id]);
    expect(await ids('sort=product_name')).toEqual([hat.id, cheapShirt.id, dearShirt.id]);
    expect(await ids(`sort=stock&category_id=${shirts.id}`)).toEqual([dearShirt.id, cheapShirt.id]);
  });

  test.each([
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['per_page=0', 'per_page'],
    ['per_page=101', 'per_page'],
    ['category_id=x', 'category_id'],
    ['tag_id=-1', 'tag_id'],
    ['min_price=abc', 'min_price'],
    ['min_price=50&max_price=10', 'max_price'],
    ['in_stock=yes', 'in_stock'],
    ['sort=colour', 'sort'],
    ['q=', 'q'],
    ['colour=red', 'colour'],
    ['page=1&page=2', 'page'],
  ])('?%s is a 400 naming %s', async (query, parameter) => {
    const body = expectProblem(await api().get(`/api/products?${query}`), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]));
  });
});

describe('GET /api/products with after_id (keyset pagination)', () => {
  test('returns the products after the id, with first and next links and the full count', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createProduct()).id);
    const first = await api().get(`/api/products?after_id=${ids[0]}&per_page=2`);
    expect(first.status).toBe(200);
    expect(first.body.map((p: { id: number }) => p.id)).toEqual([ids[1], ids[2]]);
    expect(first.headers['x-total-count']).toBe('5');
    expect(first.headers.link).toContain(`after_id=${ids[2]}&per_page=2>; rel="next"`);
    expect(first.headers.link).toMatch(/<[^>]*per_page=2>; rel="first"/);
    const last = await api().get(`/api/products?after_id=${ids[2]}&per_page=2`);
    expect(last.body.map((p: { id: number }) => p.id)).toEqual([ids[3], ids[4]]);
    const end = await api().get(`/api/products?after_id=${ids[4]}&per_page=2`);
    expect(end.body).toEqual([]);
    expect(end.headers.link).not.toContain('rel="next"');
  });

  test('with sort=-id it walks downwards, and filters still apply', async () => {
    const category = await createCategory();
    const a = await createProduct({ category_id: category.id });
    await createProduct();
    const c = await createProduct({ category_id: category.id });
    const response = await api().get(
      `/api/products?sort=-id&after_id=${c.id + 1}&category_id=${category.id}`,
    );
    expect(response.body.map((p: { id: number }) => p.id)).toEqual([c.id, a.id]);
  });

  test('after_id with another sort, or with page, is a 400', async () => {
    const bySort = expectProblem(
      await api().get('/api/products?after_id=3&sort=price'),
      400,
      'VALIDATION_FAILED',
    );
    expect(bySort.errors).toEqual([expect.objectContaining({ parameter: 'after_id' })]);
    const byPage = expectProblem(
      await api().get('/api/products?after_id=3&page=2'),
      400,
      'VALIDATION_FAILED',
    );
    expect(byPage.errors).toEqual([expect.objectContaining({ parameter: 'page' })]);
  });
});

describe.each(SEARCH_MODES)('GET /api/products?q= (search) with SEARCH_MODE=%s', (searchMode) => {
  const client = apiOf(createApp({ searchMode }));
  const ids = async (q: string) => {
    const response = await client.get(`/api/products?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    return (response.body as Array<{ id: number }>).map((p) => p.id);
  };

  test('matches every word as a word prefix, in any order and letter case', async () => {
    const shirt = await createProduct({ product_name: 'Vintage Cotton Shirt' });
    await createProduct({ product_name: 'Cotton Socks' });
    await createProduct({ product_name: 'Silk Shirt' });
    expect(await ids('cot shi')).toEqual([shirt.id]);
    expect(await ids('SHIRT cotton')).toEqual([shirt.id]);
    expect(await ids('otton')).toEqual([]);
  });

  test('terms too short for the full-text index match the start of the name', async () => {
    const abacus = await createProduct({ product_name: 'Abacus' });
    await createProduct({ product_name: 'Crab' });
    expect(await ids('ab')).toEqual([abacus.id]);
  });

  test('a word of the name starts after a space, a hyphen or a bracket, never inside another word', async () => {
    const tee = await createProduct({ product_name: 'Plain T-Shirt' });
    await createProduct({ product_name: 'Sweatshirt' });
    const polo = await createProduct({ product_name: 'Polo (Blue/Shirt)' });
    expect(await ids('shirt')).toEqual([tee.id, polo.id]);
    expect(await ids('blu shi')).toEqual([polo.id]);
    expect(await ids('plain')).toEqual([tee.id]);
  });

  test('short words and stopwords beside a longer word are left out, as the full-text index leaves them out', async () => {
    const socks = await createProduct({ product_name: 'Cotton Socks' });
    const tee = await createProduct({ product_name: 'Plain T-Shirt' });
    expect(await ids('the cotton')).toEqual([socks.id]);
    expect(await ids('t shirt')).toEqual([tee.id]);
    expect(await ids('of socks')).toEqual([socks.id]);
  });

  test('%, _ and \\ in q are literal characters, not LIKE wildcards', async () => {
    const fifty = await createProduct({ product_name: '50% Off Hat' });
    await createProduct({ product_name: '500 Watt Bulb' });
    const underscore = await createProduct({ product_name: 'a_b Connector' });
    await createProduct({ product_name: 'axb Connector' });
    const backslash = await createProduct({ product_name: 'a\\b Cable' });
    await createProduct({ product_name: 'ab Cable' });
    const percent = await createProduct({ product_name: 'Red 100% shirt' });
    expect(await ids('50%')).toEqual([fifty.id]);
    expect(await ids('a_b')).toEqual([underscore.id]);
    expect(await ids('a\\b')).toEqual([backslash.id]);
    expect(await ids('100%')).toEqual([percent.id]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
    expect(await ids('\\')).toEqual([]);
  });

  test('filters, pages and counts the matches like any other filter', async () => {
    const category = await createCategory();
    const first = await createProduct({ product_name: 'Wool Hat', category_id: category.id });
    await createProduct({ product_name: 'Wool Scarf' });
    const third = await createProduct({ product_name: 'Woolen Gloves', category_id: category.id });
    const page = await client.get(`/api/products?q=wool&category_id=${category.id}&per_page=1&page=2`);
    expect(page.status).toBe(200);
    expect(page.headers['x-total-count']).toBe('2');
    expect(page.body.map((p: { id: number }) => p.id)).toEqual([third.id]);
    expect(await ids('wool')).toEqual([first.id, expect.any(Number), third.id]);
  });
});

describe('GET /api/products/:id', () => {
  test('returns one product with its category and tags; price keeps its cents', async () => {
    const category = await createCategory();
    const tag = await createTag();
    const product = await createProduct({ price: 14.99, category_id: category.id, tagIds: [tag.id] });
    const response = await api().get(`/api/products/${product.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: product.id,
      price: 14.99,
      category: { id: category.id, category_name: category.category_name },
      tags: [{ id: tag.id, tag_name: tag.tag_name }],
    });
    expect(response.body).not.toHaveProperty('product_tag');
  });

  test('an unknown id is a 404', async () => {
    expectProblem(await api().get('/api/products/999999'), 404, 'NOT_FOUND');
  });

  test.each(['abc', '0', '-1', '1.5', '99999999999'])(
    'a non-positive-integer id (%s) is a 400',
    async (id) => {
      const body = expectProblem(await api().get(`/api/products/${id}`), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([expect.objectContaining({ parameter: 'id' })]);
    },
  );
});

describe('POST /api/products', () => {
  test('creates a product with its tags and responds 201 with it fully loaded', async () => {
    const category = await createCategory();
    const [a, b] = [await createTag(), await createTag()];
    const response = await admin.post('/api/products').send({
      product_name: 'Basketball',
      price: 200.0,
      stock: 3,
      category_id: category.id,
      tagIds: [b.id, a.id, b.id],
    });

    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/products/${response.body.id}`);
    expect(response.body).toMatchObject({
      product_name: 'Basketball',
      price: 200,
      stock: 3,
      category: { id: category.id },
      tags: [{ id: a.id }, { id: b.id }],
    });
    expect(await tagIdsOf(response.body.id)).toEqual([a.id, b.id]);
  });

  test('stores two-decimal prices exactly and defaults stock to 10', async () => {
    const response = await admin.post('/api/products').send({ product_name: 'Pen', price: 0.1 });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      price: 0.1,
      stock: 10,
      category_id: null,
      category: null,
      tags: [],
    });
    const [rows] = await Product.sequelize!.query('SELECT CAST(price AS CHAR) AS price FROM product');
    expect(rows).toEqual([{ price: '0.10' }]);
  });

  test.each([
    [{ price: 10 }, '#/product_name'],
    [{ product_name: '   ', price: 10 }, '#/product_name'],
    [{ product_name: 'x'.repeat(256), price: 10 }, '#/product_name'],
    [{ product_name: 'A' }, '#/price'],
    [{ product_name: 'A', price: 'ten' }, '#/price'],
    [{ product_name: 'A', price: '10.999' }, '#/price'],
    [{ product_name: 'A', price: '1e3' }, '#/price'],
    [{ product_name: 'A', price: -1 }, '#/price'],
    [{ product_name: 'A', price: 14.999 }, '#/price'],
    [{ product_name: 'A', price: 100000000 }, '#/price'],
    [{ product_name: 'A', price: 1, stock: -1 }, '#/stock'],
    [{ product_name: 'A', price: 1, stock: 1.5 }, '#/stock'],
    [{ product_name: 'A', price: 1, category_id: 'one' }, '#/category_id'],
    [{ product_name: 'A', price: 1, tagIds: 'all' }, '#/tagIds'],
    [{ product_name: 'A', price: 1, tagIds: [0] }, '#/tagIds/0'],
    [{ product_name: 'A', price: 1, id: 7 }, '#/id'],
    [{ product_name: 'A', price: 1, restock_quantity: -5 }, '#/restock_quantity'],
  ])('rejects %j with a 400 pointing at %s and creates nothing', async (body, pointer) => {
    const problem = expectProblem(await admin.post('/api/products').send(body), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await countRows('product')).toBe(0);
  });

  test('an unknown category_id is a 422 and creates nothing', async () => {
    const problem = expectProblem(
      await admin.post('/api/products').send({ product_name: 'A', price: 1, category_id: 424242 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/category_id' })]);
    expect(await countRows('product')).toBe(0);
  });

  test('when the tag insert fails on an unknown tag, responds 422 and leaves no product or tag link behind', async () => {
    const tag = await createTag();
    const problem = expectProblem(
      await admin.post('/api/products').send({ product_name: 'A', price: 1, tagIds: [tag.id, 424242] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(problem.errors).toEqual([{ pointer: '#/tagIds/1', detail: 'tag 424242 does not exist' }]);
    expect(await countRows('product')).toBe(0);
    expect(await countRows('product_tag')).toBe(0);
  });
});

describe('PUT /api/products/:id', () => {
  test('updates the given fields and leaves the tags alone when tagIds is absent', async () => {
    const tag = await createTag();
    const product = await createProduct({ price: 10, stock: 5, tagIds: [tag.id] });
    const response = await admin.put(`/api/products/${product.id}`).send({ price: 12.5 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: product.id, price: 12.5, stock: 5, tags: [{ id: tag.id }] });
    expect(await tagIdsOf(product.id)).toEqual([tag.id]);
  });

  test('replaces the tag set when tagIds is present, including with an empty list', async () => {
    const [a, b, c] = [await createTag(), await createTag(), await createTag()];
    const product = await createProduct({ tagIds: [a.id, b.id] });

    const replaced = await admin.put(`/api/products/${product.id}`).send({ tagIds: [b.id, c.id] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.tags.map((t: { id: number }) => t.id)).toEqual([b.id, c.id]);
    expect(await tagIdsOf(product.id)).toEqual([b.id, c.id]);

    const cleared = await admin.put(`/api/products/${product.id}`).send({ tagIds: [] });
    expect(cleared.body.tags).toEqual([]);
    expect(await tagIdsOf(product.id)).toEqual([]);
  });

  test('an update that changes nothing still answers 200 (not a 404)', async () => {
    const product = await createProduct({ price: 10 });
    const response = await admin.put(`/api/products/${product.id}`).send({ price: 10 });
    expect(response.status).toBe(200);
    expect(response.body.price).toBe(10);
  });

  test('can move a product out of its category with category_id null', async () => {
    const category = await createCategory();
    const product = await createProduct({ category_id: category.id });
    const response = await admin.put(`/api/products/${product.id}`).send({ category_id: null });
    expect(response.body).toMatchObject({ category_id: null, category: null });
  });

  test('an unknown tag in tagIds is a 422 and changes neither the fields nor the tags', async () => {
    const tag = await createTag();
    const product = await createProduct({ price: 10, tagIds: [tag.id] });
    const problem = expectProblem(
      await admin.put(`/api/products/${product.id}`).send({ price: 99, tagIds: [424242, tag.id] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/tagIds/0' })]);
    expect((await Product.findByPk(product.id))?.price).toBe(10);
    expect(await tagIdsOf(product.id)).toEqual([tag.id]);
  });

  test('an unknown category_id is a 422', async () => {
    const product = await createProduct();
    expectProblem(
      await admin.put(`/api/products/${product.id}`).send({ category_id: 424242 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
  });

  test('an empty body is a 400', async () => {
    const product = await createProduct();
    expectProblem(await admin.put(`/api/products/${product.id}`).send({}), 400, 'VALIDATION_FAILED');
  });

  test('an unknown id is a 404', async () => {
    expectProblem(await admin.put('/api/products/999999').send({ price: 1 }), 404, 'NOT_FOUND');
  });
});

describe('DELETE /api/products/:id', () => {
  test('deletes the product and its tag links, responding 204 with no body', async () => {
    const tag = await createTag();
    const product = await createProduct({ tagIds: [tag.id] });
    const response = await admin.delete(`/api/products/${product.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await Product.findByPk(product.id)).toBeNull();
    expect(await countRows('product_tag')).toBe(0);
    expect(await countRows('tag')).toBe(1);
  });

  test('an unknown id is a 404', async () => {
    expectProblem(await admin.delete('/api/products/999999'), 404, 'NOT_FOUND');
  });
});

describe('product sku', () => {
  test('is stored, returned, and found with ?sku= ignoring case; a product without one has sku null', async () => {
    const created = await admin.post('/api/products').send({ product_name: 'Mug', price: 8, sku: 'MUG-001' });
    expect(created.status).toBe(201);
    expect(created.body.sku).toBe('MUG-001');
    await createProduct({ product_name: 'Plate' });

    const found = await api().get('/api/products?sku=mug-001');
    expect(found.status).toBe(200);
    expect(found.body.map((product: { id: number }) => product.id)).toEqual([created.body.id]);
    expect(found.headers['x-total-count']).toBe('1');
    expect((await api().get('/api/products?sku=NONE-1')).body).toEqual([]);
    expect((await api().get('/api/products')).body.map((p: { sku: string | null }) => p.sku)).toEqual([
      'MUG-001',
      null,
    ]);
  });

  test('a second product with the same sku, in any letter case, is a 409 naming sku and creates nothing', async () => {
    await admin.post('/api/products').send({ product_name: 'Mug', price: 8, sku: 'MUG-001' });
    const before = await countRows('product');
    const problem = expectProblem(
      await admin.post('/api/products').send({ product_name: 'Other mug', price: 9, sku: 'mug-001' }),
      409,
      'CONFLICT',
    );
    expect(problem.errors).toEqual([{ pointer: '#/sku', detail: 'is already taken' }]);
    expect(await countRows('product')).toBe(before);
  });

  test('PUT sets, changes and clears the sku; taking another product’s sku is a 409', async () => {
    const first = await createProduct();
    const second = await createProduct();
    expect((await admin.put(`/api/products/${first.id}`).send({ sku: 'A-1' })).body.sku).toBe('A-1');
    expectProblem(await admin.put(`/api/products/${second.id}`).send({ sku: 'A-1' }), 409, 'CONFLICT');
    expect((await admin.put(`/api/products/${first.id}`).send({ sku: null })).body.sku).toBeNull();
    expect((await admin.put(`/api/products/${second.id}`).send({ sku: 'A-1' })).body.sku).toBe('A-1');
  });

  test.each([[''], ['has space'], ['x'.repeat(65)], [42]])(
    'an invalid sku (%j) is a 400 pointing at #/sku',
    async (sku) => {
      const problem = expectProblem(
        await admin.post('/api/products').send({ product_name: 'Mug', price: 8, sku }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['#/sku']);
      expect(await Product.count()).toBe(0);
    },
  );
});
