import { QueryTypes } from 'sequelize';
import { statementListeners } from '../../src/database/select';
import { getSequelize } from '../../src/database/sequelize';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag } from '../helpers/factories';
import { api } from '../helpers/http';

useTestDatabase();

/**
 * Counts the SQL statements `work` sends: Sequelize's through its public beforeQuery hook, and the reads
 * selectRows sends straight to the pool through its listeners.
 */
async function countStatements(work: () => Promise<unknown>): Promise<number> {
  let statements = 0;
  const count = () => {
    statements++;
  };
  getSequelize().addHook('beforeQuery', 'count-statements', count);
  statementListeners.add(count);
  try {
    await work();
  } finally {
    getSequelize().removeHook('beforeQuery', 'count-statements');
    statementListeners.delete(count);
  }
  return statements;
}

const minId = async (table: string) => {
  const [row] = await getSequelize().query<{ id: number }>(`SELECT MIN(id) AS id FROM ${table}`, {
    type: QueryTypes.SELECT,
  });
  return row?.id;
};

let admin: SignedIn;

beforeEach(async () => {
  admin = await signedInAs('admin');
  const categories = [await createCategory(), await createCategory(), await createCategory()];
  const tags = [await createTag(), await createTag(), await createTag()];
  for (let i = 0; i < 120; i++) {
    await createProduct({
      category_id: categories[i % 3]!.id,
      tagIds: [tags[i % 3]!.id, tags[(i + 1) % 3]!.id],
    });
  }
  for (let i = 0; i < 40; i++) {
    await admin
      .post('/api/orders')
      .send({ items: [{ product_id: (await createProduct()).id, quantity: 1 }] })
      .expect(201);
  }
});

describe('statements per request do not grow with the page size', () => {
  test.each([
    ['/api/products', 5],
    ['/api/products?sort=-price', 5],
    ['/api/products?category_id=CATEGORY', 5],
    ['/api/products?tag_id=TAG', 5],
    ['/api/categories', 5],
    ['/api/tags', 5],
  ])('GET %s: no more statements for 100 rows than for 1, at most %i', async (template, bound) => {
    const category = await minId('category');
    const tag = await minId('tag');
    const url = template.replace('CATEGORY', String(category)).replace('TAG', String(tag));
    const join = url.includes('?') ? '&' : '?';
    const small = await countStatements(() => api().get(`${url}${join}per_page=1`).expect(200));
    const large = await countStatements(() => api().get(`${url}${join}per_page=100`).expect(200));
    // Never more for a larger page; it can be one fewer, when a short page proves the total and skips the count.
    expect(large).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small);
    expect(small).toBeLessThanOrEqual(bound);
  });

  test('GET /api/orders (admin): no more statements for 40 orders than for 1', async () => {
    const small = await countStatements(() => admin.get('/api/orders?per_page=1').expect(200));
    const large = await countStatements(() => admin.get('/api/orders?per_page=40').expect(200));
    expect(large).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small);
    expect(small).toBeLessThanOrEqual(5);
  });

  test('detail routes use a fixed, small number of statements', async () => {
    const product = await createProduct();
    const forProduct = await countStatements(() => api().get(`/api/products/${product.id}`).expect(200));
    expect(forProduct).toBeGreaterThan(0);
    // The product with its category, then its tags and the sales covering it (those two side by side).
    expect(forProduct).toBeLessThanOrEqual(3);
    const category = await minId('category');
    expect(
      await countStatements(() => api().get(`/api/categories/${category}`).expect(200)),
    ).toBeLessThanOrEqual(3);
  });
});
