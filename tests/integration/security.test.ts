import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { countRows, useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { api, apiOf, expectProblem } from '../helpers/http';
import { createApp } from '../../src/app';
import { SEARCH_MODES } from '../../src/config/env';

useTestDatabase();

let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

const HOSTILE = [
  "Robert'); DROP TABLE product; --",
  '" OR "1"="1',
  "' OR 1=1 --",
  'back\\slash',
  '100% _wild_ card',
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  'nul\u0000byte',
  'emoji 🛒 and ünïcödé',
];

describe('SQL metacharacters and HTML are data', () => {
  test.each(HOSTILE)(
    '%j is stored and returned literally as a category, a tag and a product name',
    async (text) => {
      const category = await admin.post('/api/categories').send({ category_name: text });
      expect(category.status).toBe(201);
      expect(category.body.category_name).toBe(text);
      const tag = await admin.post('/api/tags').send({ tag_name: text });
      expect(tag.body.tag_name).toBe(text);
      const product = await admin
        .post('/api/products')
        .send({ product_name: text, price: 1, category_id: category.body.id, tagIds: [tag.body.id] });
      expect(product.body).toMatchObject({
        product_name: text,
        category: { category_name: text },
        tags: [{ tag_name: text }],
      });

      const read = await api().get(`/api/products/${product.body.id}`);
      expect(read.body.product_name).toBe(text);
      expect(read.headers['content-type']).toMatch(/^application\/json/);
      expect(read.headers['x-content-type-options']).toBe('nosniff');
      expect(await countRows('product')).toBe(1);
    },
  );

  test('metacharacters in every filter are values, not SQL', async () => {
    await createProduct({ product_name: 'Plain Shirt' });
    for (const searchMode of SEARCH_MODES) {
      const client = apiOf(createApp({ searchMode }));
      for (const text of HOSTILE) {
        const response = await client.get(
          `/api/products?q=${encodeURIComponent(text.replace('\u0000', ''))}`,
        );
        expect(response.status).toBe(200);
        expect(response.body).toEqual([]);
      }
    }
    expectProblem(
      await api().get(`/api/products?category_id=${encodeURIComponent('1 OR 1=1')}`),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await api().get(`/api/products?sort=${encodeURIComponent('id; DROP TABLE product')}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(await countRows('product')).toBe(1);
  });

  test('customer names and search terms with quotes round-trip', async () => {
    const created = await admin
      .post('/api/customers')
      .send({ name: 'O\'Brien "Bob" <b>', email: 'obrien@example.com' });
    expect(created.body.name).toBe('O\'Brien "Bob" <b>');
    const found = await admin.get(`/api/customers?q=${encodeURIComponent("O'Brien")}`);
    expect(found.body.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
  });
});

describe('a customer cannot reach what is not its own', () => {
  test("guessing ids gives 404 for every other customer's record, account and orders, and changes nothing", async () => {
    const victim = await signedInAs('customer');
    const product = await createProduct({ stock: 10 });
    const order = await victim.post('/api/orders').send({ items: [{ product_id: product.id, quantity: 1 }] });
    expect(order.status).toBe(201);
    const attacker = await signedInAs('customer');

    const probes = [
      attacker.get(`/api/customers/${victim.customerId}`),
      attacker.put(`/api/customers/${victim.customerId}`).send({ name: 'pwned' }),
      attacker.get(`/api/accounts/${victim.accountId}`),
      attacker
        .put(`/api/accounts/${victim.accountId}`)
        .send({ password: 'pwned-password', current_password: 'x' }),
      attacker.delete(`/api/accounts/${victim.accountId}`),
      attacker.get(`/api/orders/${order.body.id}`),
      attacker.get(`/api/orders/${order.body.id}/track`),
      attacker.post(`/api/orders/${order.body.id}/cancel`),
      attacker.get(`/api/customers/${victim.customerId}/orders`),
      attacker.get(`/api/orders/${victim.customerId}/history`),
      attacker.get(`/api/orders?customer_id=${victim.customerId}`),
      attacker
        .post('/api/orders')
        .send({ customer_id: victim.customerId, items: [{ product_id: product.id, quantity: 1 }] }),
    ];
    for (const probe of probes) expectProblem(await probe, 404, 'NOT_FOUND');
    expect((await victim.get(`/api/orders/${order.body.id}`)).body.status).toBe('pending');
    expect((await victim.get('/api/auth/me')).status).toBe(200);
    expect(await countRows('orders')).toBe(1);
  });

  test.each([
    [
      '/api/auth/register',
      { name: 'M', email: 'm@example.com', username: 'mallory', password: 'mallory-pass', role: 'admin' },
      '#/role',
    ],
    ['/api/orders', { items: [{ product_id: 1, quantity: 1 }], status: 'delivered' }, '#/status'],
    ['/api/orders', { items: [{ product_id: 1, quantity: 1 }], total: 0.01 }, '#/total'],
    ['/api/orders', { items: [{ product_id: 1, quantity: 1, unit_price: 0.01 }] }, '#/items/0/unit_price'],
  ])('POST %s cannot set server-owned fields: %j is a 400 at %s', async (url, body, pointer) => {
    const customer = await signedInAs('customer');
    const problem = expectProblem(await customer.post(url).send(body), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
  });
});
