import { QueryTypes } from 'sequelize';
import { Order, OrderItem, OrderStatusEvent, StockMovement } from '../helpers/models';
import { getSequelize } from '../../src/database/sequelize';
import { countRows, useTestDatabase } from '../helpers/database';
import { createProduct, ledgerSum, stockOf } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

let admin: SignedIn;
let alice: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
});

/** A product at price 10 with stock 10 and no automatic restock, unless told otherwise; returns its id. */
const product = async (fields: Parameters<typeof createProduct>[0]) =>
  (await createProduct({ price: 10, stock: 10, low_stock_threshold: 0, restock_quantity: 0, ...fields })).id;

const order = (client: SignedIn, items: Array<{ product_id: number; quantity: number }>, extra = {}) =>
  client.post('/api/orders').send({ items, ...extra });

/** Waits until a session of this test's database is running a SELECT ... FOR UPDATE on products (waiting for it). */
async function waitForProductLockWait(): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const [row] = await getSequelize().query<{ waiting: number }>(
      `SELECT COUNT(*) AS waiting FROM information_schema.PROCESSLIST
        WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO LIKE '%FROM product%FOR UPDATE%'`,
      { type: QueryTypes.SELECT },
    );
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no order ever waited for the product lock');
}

describe('POST /api/orders', () => {
  test('places an order: 201 with snapshots, a server-computed total, stock taken through the ledger', async () => {
    const shirt = await product({ product_name: 'Shirt', price: 14.99, stock: 10 });
    const hat = await product({ product_name: 'Hat', price: 0.1, stock: 5 });

    const response = await order(alice, [
      { product_id: shirt, quantity: 2 },
      { product_id: hat, quantity: 3 },
    ]);

    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/orders/${response.body.id}`);
    expect(response.body).toEqual({
      id: expect.any(Number),
      customer_id: alice.customerId,
      status: 'pending',
      order_date: expect.any(String),
      expected_delivery_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      carrier: null,
      tracking_number: null,
      items: [
        {
          product_id: shirt,
          product_name: 'Shirt',
          unit_price: 14.99,
          quantity: 2,
          line_total: 29.98,
          discount: 0,
        },
        { product_id: hat, product_name: 'Hat', unit_price: 0.1, quantity: 3, line_total: 0.3, discount: 0 },
      ],
      subtotal: 30.28,
      discount_total: 0,
      coupon_code: null,
      total: 30.28,
      allowed_transitions: ['paid', 'cancelled'],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const days =
      (Date.parse(response.body.expected_delivery_date) - Date.parse(response.body.order_date.slice(0, 10))) /
      86_400_000;
    expect(days).toBe(5);

    expect(await stockOf(shirt)).toBe(8);
    expect(await stockOf(hat)).toBe(2);
    expect(await ledgerSum(shirt)).toBe(8);
    const movements = await StockMovement.findAll({
      where: { reason: 'order' },
      order: [['product_id', 'ASC']],
    });
    expect(movements.map((m) => [m.product_id, m.delta, m.reference])).toEqual([
      [shirt, -2, `order:${response.body.id}`],
      [hat, -3, `order:${response.body.id}`],
    ]);
    const events = await OrderStatusEvent.findAll({ where: { order_id: response.body.id } });
    expect(events.map((e) => [e.from_status, e.to_status])).toEqual([[null, 'pending']]);
  });

  test('the same product on two lines is one line with the quantities summed', async () => {
    const shirt = await product({ stock: 10 });
    const response = await order(alice, [
      { product_id: shirt, quantity: 2 },
      { product_id: shirt, quantity: 3 },
    ]);
    expect(response.body.items).toEqual([
      expect.objectContaining({ product_id: shirt, quantity: 5, line_total: 50 }),
    ]);
    expect(await stockOf(shirt)).toBe(5);
  });

  test('the total is the exact sum of the lines in cents (no float drift)', async () => {
    const a = await product({ price: 0.1, stock: 100 });
    const b = await product({ price: 0.2, stock: 100 });
    const response = await order(alice, [
      { product_id: a, quantity: 3 },
      { product_id: b, quantity: 1 },
    ]);
    expect(response.body.total).toBe(0.5);
    const [stored] = await getSequelize().query<{ total: string }>(
      'SELECT CAST(total AS CHAR) AS total FROM orders',
      {
        type: QueryTypes.SELECT,
      },
    );
    expect(stored?.total).toBe('0.50');
  });

  test.each([
    [{ items: [] }, '#/items'],
    [{}, '#/items'],
    [{ items: 'all' }, '#/items'],
    [{ items: [{ product_id: 1, quantity: 0 }] }, '#/items/0/quantity'],
    [{ items: [{ product_id: 1, quantity: -2 }] }, '#/items/0/quantity'],
    [{ items: [{ product_id: 1, quantity: 1.5 }] }, '#/items/0/quantity'],
    [{ items: [{ product_id: 1, quantity: 10_001 }] }, '#/items/0/quantity'],
    [{ items: [{ product_id: 'one', quantity: 1 }] }, '#/items/0/product_id'],
    [{ items: [{ product_id: 1, quantity: 1, unit_price: 0.01 }] }, '#/items/0/unit_price'],
    [{ items: [{ product_id: 1, quantity: 1 }], total: 0.01 }, '#/total'],
    [{ items: [{ product_id: 1, quantity: 1 }], status: 'delivered' }, '#/status'],
  ])('%j is a 400 pointing at %s and changes nothing', async (body, pointer) => {
    const id = await product({ stock: 10 });
    const problem = expectProblem(
      await alice
        .post('/api/orders')
        .send(JSON.parse(JSON.stringify(body).replace(/"product_id":1/g, `"product_id":${id}`))),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await countRows('orders')).toBe(0);
    expect(await stockOf(id)).toBe(10);
  });

  test('more than 100 lines is a 400', async () => {
    const id = await product({ stock: 1000 });
    const items = Array.from({ length: 101 }, () => ({ product_id: id, quantity: 1 }));
    expectProblem(await order(alice, items), 400, 'VALIDATION_FAILED');
    expect(await stockOf(id)).toBe(1000);
  });

  test('an unknown product is a 422 naming the line, and nothing changes', async () => {
    const id = await product({ stock: 10 });
    const problem = expectProblem(
      await order(alice, [
        { product_id: id, quantity: 1 },
        { product_id: 999_999, quantity: 1 },
      ]),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(problem.errors).toEqual([
      { pointer: '#/items/1/product_id', detail: 'product 999999 does not exist' },
    ]);
    expect(await stockOf(id)).toBe(10);
    expect(await countRows('orders')).toBe(0);
  });

  test("when the second line is short, responds 409 naming it and the first line's stock is unchanged", async () => {
    const plenty = await product({ stock: 10 });
    const scarce = await product({ stock: 2 });
    const problem = expectProblem(
      await order(alice, [
        { product_id: plenty, quantity: 5 },
        { product_id: scarce, quantity: 3 },
      ]),
      409,
      'INSUFFICIENT_STOCK',
    );
    expect(problem.errors).toEqual([
      { pointer: '#/items/1/quantity', detail: `requested 3 of product ${scarce}, 2 in stock` },
    ]);
    expect(await stockOf(plenty)).toBe(10);
    expect(await stockOf(scarce)).toBe(2);
    expect(await countRows('orders')).toBe(0);
    expect(await countRows('order_item')).toBe(0);
    expect(await StockMovement.count({ where: { reason: 'order' } })).toBe(0);
  });

  test('60 orders in parallel for a product with 20 in stock: exactly 20 succeed and stock ends at 0', async () => {
    const id = await product({ stock: 20 });
    // 20 customers with 3 orders each: none reaches the pending-order cap, so only stock decides.
    const customers = await Promise.all(Array.from({ length: 20 }, () => signedInAs('customer')));
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => order(customers[i % 20]!, [{ product_id: id, quantity: 1 }])),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('INSUFFICIENT_STOCK');
    expect(await stockOf(id)).toBe(0);
    expect(await ledgerSum(id)).toBe(0);
    expect(await countRows('orders')).toBe(20);
    expect(await StockMovement.count({ where: { product_id: id, reason: 'order' } })).toBe(20);
  });

  test('parallel orders over the same products in opposite line order neither deadlock to a 500 nor oversell', async () => {
    const a = await product({ stock: 15 });
    const b = await product({ stock: 15 });
    // 8 customers with 3 orders each: none reaches the pending-order cap, so only stock decides.
    const customers = await Promise.all(Array.from({ length: 8 }, () => signedInAs('customer')));
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        order(
          customers[i % 8]!,
          i % 2 === 0
            ? [
                { product_id: a, quantity: 1 },
                { product_id: b, quantity: 1 },
              ]
            : [
                { product_id: b, quantity: 1 },
                { product_id: a, quantity: 1 },
              ],
        ),
      ),
    );
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const placed = responses.filter((r) => r.status === 201).length;
    expect(placed).toBe(15);
    expect(await stockOf(a)).toBe(0);
    expect(await stockOf(b)).toBe(0);
  });

  test('a price changed while the order waits for the product lock: the order is priced again at the new price', async () => {
    const id = await product({ product_name: 'Mug', price: 10, stock: 10 });
    const holder = await getSequelize().transaction();
    let placing: Promise<Awaited<ReturnType<typeof order>>>;
    try {
      await getSequelize().query('SELECT id FROM product WHERE id = :id FOR UPDATE', {
        replacements: { id },
        transaction: holder,
      });
      // The order reads the price (10) without a lock, writes its row, then waits for the product's lock.
      placing = new Promise((resolve, reject) => {
        order(alice, [{ product_id: id, quantity: 2 }]).then(resolve, reject);
      });
      await waitForProductLockWait();
      await getSequelize().query('UPDATE product SET price = 12.5 WHERE id = :id', {
        replacements: { id },
        transaction: holder,
      });
      await holder.commit();
    } catch (error) {
      await holder.rollback();
      throw error;
    }

    const placed = await placing;
    expect(placed.status).toBe(201);
    expect(placed.body.items).toEqual([
      { product_id: id, product_name: 'Mug', unit_price: 12.5, quantity: 2, line_total: 25, discount: 0 },
    ]);
    expect(placed.body.total).toBe(25);
    expect(await Order.count()).toBe(1);
    expect(await OrderItem.count()).toBe(1);
    expect(await stockOf(id)).toBe(8);
    expect(await ledgerSum(id)).toBe(8);
  });

  test('an order that takes stock to its threshold restocks automatically in the same transaction', async () => {
    const id = await product({ stock: 8, low_stock_threshold: 5, restock_quantity: 20 });
    await order(alice, [{ product_id: id, quantity: 4 }]).expect(201);
    expect(await stockOf(id)).toBe(24);
    const movements = await StockMovement.findAll({ where: { product_id: id }, order: [['id', 'ASC']] });
    expect(movements.map((m) => [m.reason, m.delta, m.stock_after])).toEqual([
      ['initial', 8, 8],
      ['order', -4, 4],
      ['auto_restock', 20, 24],
    ]);
    expect(await ledgerSum(id)).toBe(24);
  });

  test('a customer cannot order for another customer (404); an admin names the customer', async () => {
    const id = await product({ stock: 10 });
    const bob = await signedInAs('customer');
    expectProblem(
      await order(alice, [{ product_id: id, quantity: 1 }], { customer_id: bob.customerId }),
      404,
      'NOT_FOUND',
    );
    const byAdmin = await order(admin, [{ product_id: id, quantity: 1 }], { customer_id: bob.customerId });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.customer_id).toBe(bob.customerId);
    expectProblem(
      await order(admin, [{ product_id: id, quantity: 1 }], { customer_id: 999_999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(await stockOf(id)).toBe(9);
  });

  test('without a token 401', async () => {
    expectProblem(
      await api()
        .post('/api/orders')
        .send({ items: [{ product_id: 1, quantity: 1 }] }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('POST /api/orders with Idempotency-Key', () => {
  test('a retry with the same key and body answers with the first order; stock is taken once', async () => {
    const id = await product({ stock: 10 });
    const first = await order(alice, [{ product_id: id, quantity: 2 }]).set('Idempotency-Key', 'key-1');
    const retry = await order(alice, [{ product_id: id, quantity: 2 }]).set('Idempotency-Key', 'key-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await stockOf(id)).toBe(8);
    expect(await countRows('orders')).toBe(1);
  });

  test('two parallel requests with the same key make one order', async () => {
    const id = await product({ stock: 10 });
    const responses = await Promise.all(
      Array.from({ length: 2 }, () =>
        order(alice, [{ product_id: id, quantity: 3 }]).set('Idempotency-Key', 'parallel'),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    expect(responses[0]!.body.id).toBe(responses[1]!.body.id);
    expect(await countRows('orders')).toBe(1);
    expect(await stockOf(id)).toBe(7);
  });

  test('ten parallel retries with the same key still make one order', async () => {
    const id = await product({ stock: 100 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        order(alice, [{ product_id: id, quantity: 1 }]).set('Idempotency-Key', 'burst'),
      ),
    );
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(await stockOf(id)).toBe(99);
  });

  test('the same key with another body is a 409 and changes nothing', async () => {
    const id = await product({ stock: 10 });
    await order(alice, [{ product_id: id, quantity: 1 }])
      .set('Idempotency-Key', 'key-2')
      .expect(201);
    expectProblem(
      await order(alice, [{ product_id: id, quantity: 5 }]).set('Idempotency-Key', 'key-2'),
      409,
      'CONFLICT',
    );
    expect(await stockOf(id)).toBe(9);
  });

  test('keys belong to an account: another account may use the same key', async () => {
    const id = await product({ stock: 10 });
    const bob = await signedInAs('customer');
    const a = await order(alice, [{ product_id: id, quantity: 1 }]).set('Idempotency-Key', 'shared');
    const b = await order(bob, [{ product_id: id, quantity: 1 }]).set('Idempotency-Key', 'shared');
    expect(a.body.id).not.toBe(b.body.id);
    expect(await stockOf(id)).toBe(8);
  });

  test('a failed order does not use up its key', async () => {
    const id = await product({ stock: 1 });
    expectProblem(
      await order(alice, [{ product_id: id, quantity: 2 }]).set('Idempotency-Key', 'retry-me'),
      409,
      'INSUFFICIENT_STOCK',
    );
    await admin
      .post(`/api/products/${id}/stock/adjustments`)
      .send({ delta: 5, reason: 'delivery' })
      .expect(201);
    expect(
      (await order(alice, [{ product_id: id, quantity: 2 }]).set('Idempotency-Key', 'retry-me')).status,
    ).toBe(201);
  });

  test('an invalid key is a 400', async () => {
    const id = await product({ stock: 10 });
    const problem = expectProblem(
      await order(alice, [{ product_id: id, quantity: 1 }]).set('Idempotency-Key', 'x'.repeat(256)),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ parameter: 'Idempotency-Key' })]);
  });
});

describe('reading orders', () => {
  test('GET /api/orders/:id: the owner and admins see it; another customer gets 404', async () => {
    const id = await product({ stock: 10 });
    const placed = await order(alice, [{ product_id: id, quantity: 1 }]);
    const bob = await signedInAs('customer');
    expect((await alice.get(`/api/orders/${placed.body.id}`)).body).toEqual(placed.body);
    expect((await admin.get(`/api/orders/${placed.body.id}`)).status).toBe(200);
    expectProblem(await bob.get(`/api/orders/${placed.body.id}`), 404, 'NOT_FOUND');
    expectProblem(await alice.get('/api/orders/999999'), 404, 'NOT_FOUND');
    expectProblem(await api().get(`/api/orders/${placed.body.id}`), 401, 'UNAUTHENTICATED');
  });

  test('GET /api/orders: a customer sees its own, newest first; an admin sees all and filters', async () => {
    const id = await product({ stock: 100 });
    const bob = await signedInAs('customer');
    const a1 = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    const b1 = (await order(bob, [{ product_id: id, quantity: 1 }])).body.id;
    const a2 = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    await admin.patch(`/api/orders/${a1}/status`).send({ status: 'paid' }).expect(200);

    const mine = await alice.get('/api/orders');
    expect(mine.body.map((o: { id: number }) => o.id)).toEqual([a2, a1]);
    expect(mine.headers['x-total-count']).toBe('2');
    expectProblem(await alice.get(`/api/orders?customer_id=${bob.customerId}`), 404, 'NOT_FOUND');

    expect((await admin.get('/api/orders')).body.map((o: { id: number }) => o.id)).toEqual([a2, b1, a1]);
    expect(
      (await admin.get(`/api/orders?customer_id=${bob.customerId}`)).body.map((o: { id: number }) => o.id),
    ).toEqual([b1]);
    expect((await admin.get('/api/orders?status=paid')).body.map((o: { id: number }) => o.id)).toEqual([a1]);
    const paged = await admin.get('/api/orders?per_page=2&page=2');
    expect(paged.body.map((o: { id: number }) => o.id)).toEqual([a1]);
    expect(paged.headers.link).toContain('rel="prev"');
    expectProblem(await admin.get('/api/orders?status=lost'), 400, 'VALIDATION_FAILED');
  });

  test('order history at /api/customers/:id/orders and /api/orders/:customer_id/history', async () => {
    const id = await product({ stock: 100 });
    const first = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    const second = (await order(alice, [{ product_id: id, quantity: 2 }])).body.id;
    const bob = await signedInAs('customer');
    for (const url of [
      `/api/customers/${alice.customerId}/orders`,
      `/api/orders/${alice.customerId}/history`,
    ]) {
      const own = await alice.get(url);
      expect(own.status).toBe(200);
      expect(own.body.map((o: { id: number }) => o.id)).toEqual([second, first]);
      expect(own.headers['x-total-count']).toBe('2');
      expect((await admin.get(url)).status).toBe(200);
      expectProblem(await bob.get(url), 404, 'NOT_FOUND');
    }
    expectProblem(await admin.get('/api/customers/999999/orders'), 404, 'NOT_FOUND');
    expectProblem(await admin.get('/api/orders/abc/history'), 400, 'VALIDATION_FAILED');
  });
});

describe('PATCH /api/orders/:id/status', () => {
  test('walks pending -> paid -> shipped -> delivered, recording each step; track shows the timeline', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;

    const paid = await admin
      .patch(`/api/orders/${orderId}/status`)
      .send({ status: 'paid', note: 'card captured' });
    expect(paid.body).toMatchObject({ status: 'paid', allowed_transitions: ['shipped', 'cancelled'] });
    const shipped = await admin
      .patch(`/api/orders/${orderId}/status`)
      .send({ status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' });
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z999AA10123456784',
    });
    const delivered = await admin.patch(`/api/orders/${orderId}/status`).send({ status: 'delivered' });
    expect(delivered.body).toMatchObject({ status: 'delivered', allowed_transitions: [] });

    const track = await alice.get(`/api/orders/${orderId}/track`);
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({
      order_id: orderId,
      status: 'delivered',
      carrier: 'UPS',
      tracking_number: '1Z999AA10123456784',
      expected_delivery_date: expect.any(String),
    });
    expect(
      track.body.timeline.map((e: { from_status: string | null; to_status: string; note: string | null }) => [
        e.from_status,
        e.to_status,
        e.note,
      ]),
    ).toEqual([
      [null, 'pending', 'order placed'],
      ['pending', 'paid', 'card captured'],
      ['paid', 'shipped', null],
      ['shipped', 'delivered', null],
    ]);
    expect(track.body.timeline.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  test.each([
    ['pending', 'shipped'],
    ['pending', 'delivered'],
    ['pending', 'pending'],
  ])('%s -> %s is a 409 INVALID_TRANSITION and changes nothing', async (_from, to) => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    const body = to === 'shipped' ? { status: to, carrier: 'UPS', tracking_number: '1' } : { status: to };
    expectProblem(await admin.patch(`/api/orders/${orderId}/status`).send(body), 409, 'INVALID_TRANSITION');
    expect((await Order.findByPk(orderId))?.status).toBe('pending');
    expect(await OrderStatusEvent.count({ where: { order_id: orderId } })).toBe(1);
  });

  test('delivered and cancelled orders cannot move again (409)', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    await admin.post(`/api/orders/${orderId}/cancel`).expect(200);
    expectProblem(
      await admin.patch(`/api/orders/${orderId}/status`).send({ status: 'paid' }),
      409,
      'INVALID_TRANSITION',
    );
  });

  test('shipped needs carrier and tracking_number; other statuses refuse them (400)', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    await admin.patch(`/api/orders/${orderId}/status`).send({ status: 'paid' }).expect(200);
    const missing = expectProblem(
      await admin.patch(`/api/orders/${orderId}/status`).send({ status: 'shipped' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors?.map((e) => e.pointer)).toEqual(['#/carrier', '#/tracking_number']);
    expectProblem(
      await admin.patch(`/api/orders/${orderId}/status`).send({ status: 'delivered', carrier: 'UPS' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  test('a customer may not change a status (403); an unknown order is a 404', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    expectProblem(
      await alice.patch(`/api/orders/${orderId}/status`).send({ status: 'paid' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await admin.patch('/api/orders/999999/status').send({ status: 'paid' }), 404, 'NOT_FOUND');
  });

  test('PATCH to cancelled puts the stock back, like POST /cancel', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 4 }])).body.id;
    const response = await admin
      .patch(`/api/orders/${orderId}/status`)
      .send({ status: 'cancelled', note: 'fraud check' });
    expect(response.body.status).toBe('cancelled');
    expect(await stockOf(id)).toBe(10);
  });
});

describe('POST /api/orders/:id/cancel', () => {
  test('the owner cancels a pending order; stock comes back through cancel rows', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 4 }])).body.id;
    const response = await alice.post(`/api/orders/${orderId}/cancel`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: orderId, status: 'cancelled', allowed_transitions: [] });
    expect(await stockOf(id)).toBe(10);
    expect(await ledgerSum(id)).toBe(10);
    const cancelRows = await StockMovement.findAll({ where: { product_id: id, reason: 'cancel' } });
    expect(cancelRows.map((m) => [m.delta, m.reference])).toEqual([[4, `order:${orderId}`]]);
  });

  test('20 parallel cancels of one order: one succeeds, the rest get 409, stock is restored once', async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 6 }])).body.id;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => alice.post(`/api/orders/${orderId}/cancel`)),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('INVALID_TRANSITION');
    expect(await stockOf(id)).toBe(10);
    expect(await StockMovement.count({ where: { product_id: id, reason: 'cancel' } })).toBe(1);
  });

  test('a paid order can be cancelled; shipped and delivered ones cannot (409, stock untouched)', async () => {
    const id = await product({ stock: 10 });
    const paidId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    await admin.patch(`/api/orders/${paidId}/status`).send({ status: 'paid' }).expect(200);
    expect((await alice.post(`/api/orders/${paidId}/cancel`)).status).toBe(200);

    const shippedId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    await admin.patch(`/api/orders/${shippedId}/status`).send({ status: 'paid' }).expect(200);
    await admin
      .patch(`/api/orders/${shippedId}/status`)
      .send({ status: 'shipped', carrier: 'DHL', tracking_number: 'JD1' })
      .expect(200);
    expectProblem(await alice.post(`/api/orders/${shippedId}/cancel`), 409, 'INVALID_TRANSITION');
    expect(await stockOf(id)).toBe(9);
  });

  test("another customer's order is a 404 and stays as it was", async () => {
    const id = await product({ stock: 10 });
    const orderId = (await order(alice, [{ product_id: id, quantity: 1 }])).body.id;
    const bob = await signedInAs('customer');
    expectProblem(await bob.post(`/api/orders/${orderId}/cancel`), 404, 'NOT_FOUND');
    expect((await Order.findByPk(orderId))?.status).toBe('pending');
  });
});

describe('deletes around orders', () => {
  test('deleting a product keeps past order lines with their name and price; cancelling later restocks the rest', async () => {
    const kept = await product({ product_name: 'Kept', price: 5, stock: 10 });
    const gone = await product({ product_name: 'Gone', price: 7.5, stock: 10 });
    const placed = await order(alice, [
      { product_id: kept, quantity: 1 },
      { product_id: gone, quantity: 2 },
    ]);
    await admin.delete(`/api/products/${gone}`).expect(204);

    const read = await alice.get(`/api/orders/${placed.body.id}`);
    expect(read.body.items).toEqual([
      { product_id: kept, product_name: 'Kept', unit_price: 5, quantity: 1, line_total: 5, discount: 0 },
      { product_id: null, product_name: 'Gone', unit_price: 7.5, quantity: 2, line_total: 15, discount: 0 },
    ]);
    expect(read.body.total).toBe(20);
    expect((await alice.post(`/api/orders/${placed.body.id}/cancel`)).status).toBe(200);
    expect(await stockOf(kept)).toBe(10);
    expect(await OrderItem.count()).toBe(2);
  });

  test('deleting a customer with orders is a 409 and deletes nothing', async () => {
    const id = await product({ stock: 10 });
    await order(alice, [{ product_id: id, quantity: 1 }]).expect(201);
    expectProblem(await admin.delete(`/api/customers/${alice.customerId}`), 409, 'CONFLICT');
    expect((await alice.get('/api/auth/me')).status).toBe(200);
    expect(await countRows('orders')).toBe(1);
  });
});
