import { createHash } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { getConfig } from '../../src/config/env';
import {
  AuthToken,
  IdempotencyKey,
  LoginFailure,
  Order,
  OrderStatusEvent,
  Product,
  StockMovement,
} from '../helpers/models';
import { getSequelize } from '../../src/database/sequelize';
import { runSweep } from '../../src/modules/maintenance/sweep';
import { startSweeper, stopSweeper } from '../../src/modules/maintenance/sweeper';
import { expireUnpaidOrders } from '../../src/modules/orders/order.service';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { expectProblem } from '../helpers/http';

useTestDatabase();

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const timeoutMinutes = getConfig().orderPaymentTimeoutMinutes;

let admin: SignedIn;
let alice: SignedIn;
let bob: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
  bob = await signedInAs('customer');
});

afterEach(async () => {
  await stopSweeper();
});

/** A product at price 10 with `stock` units and no automatic restock; returns its id. */
const product = async (stock: number) =>
  (await createProduct({ price: 10, stock, low_stock_threshold: 0, restock_quantity: 0 })).id;

async function placeOrder(
  client: SignedIn,
  items: Array<{ product_id: number; quantity: number }>,
): Promise<number> {
  const response = await client.post('/api/orders').send({ items });
  expect(response.status).toBe(201);
  return response.body.id as number;
}

/** Moves an order's placement time into the past: the clock the sweep reads is `now`, passed in. */
async function placedMinutesAgo(orderIds: number[], minutes: number, now: Date): Promise<void> {
  await Order.update(
    { order_date: new Date(now.getTime() - minutes * MINUTE_MS) },
    { where: { id: orderIds } },
  );
}

const stockOf = async (id: number) => (await Product.findByPk(id))?.stock;
const statusOf = async (id: number) => (await Order.findByPk(id))?.status;

async function ledgerSum(productId: number): Promise<number> {
  const [row] = await getSequelize().query<{ total: string | number | null }>(
    'SELECT SUM(delta) AS total FROM stock_movement WHERE product_id = :productId',
    { replacements: { productId }, type: QueryTypes.SELECT },
  );
  return Number(row?.total ?? 0);
}

/** Every stock return written for these orders, as [reference, product_id, reason] rows. */
async function returnsFor(orderIds: number[]) {
  const rows = await StockMovement.findAll({
    where: { reason: ['cancel', 'expired'], reference: orderIds.map((id) => `order:${id}`) },
    order: [['id', 'ASC']],
  });
  return rows.map((row) => [row.reference, row.product_id, row.reason, row.delta]);
}

describe('expireUnpaidOrders', () => {
  test('cancels a pending order older than the timeout: stock back through `expired` rows, a timeline entry; paid and young orders stay', async () => {
    const shirt = await product(10);
    const hat = await product(5);
    const now = new Date();
    const stale = await placeOrder(alice, [
      { product_id: shirt, quantity: 3 },
      { product_id: hat, quantity: 2 },
    ]);
    const paid = await placeOrder(alice, [{ product_id: shirt, quantity: 1 }]);
    await admin.patch(`/api/orders/${paid}/status`).send({ status: 'paid' }).expect(200);
    const young = await placeOrder(bob, [{ product_id: hat, quantity: 1 }]);
    await placedMinutesAgo([stale, paid], timeoutMinutes + 1, now);
    await placedMinutesAgo([young], timeoutMinutes - 1, now);

    expect(await expireUnpaidOrders(now)).toBe(1);

    expect(await statusOf(stale)).toBe('cancelled');
    expect(await statusOf(paid)).toBe('paid');
    expect(await statusOf(young)).toBe('pending');
    expect(await stockOf(shirt)).toBe(9);
    expect(await stockOf(hat)).toBe(4);
    expect(await ledgerSum(shirt)).toBe(9);
    expect(await ledgerSum(hat)).toBe(4);
    expect(await returnsFor([stale, paid, young])).toEqual([
      [`order:${stale}`, shirt, 'expired', 3],
      [`order:${stale}`, hat, 'expired', 2],
    ]);

    const track = await alice.get(`/api/orders/${stale}/track`).expect(200);
    expect(track.body.status).toBe('cancelled');
    expect(track.body.timeline.at(-1)).toMatchObject({
      from_status: 'pending',
      to_status: 'cancelled',
      note: `payment not received within ${timeoutMinutes} minutes`,
    });
    const movements = await admin.get(`/api/products/${shirt}/stock/movements`).expect(200);
    expect(movements.body[0]).toMatchObject({ reason: 'expired', delta: 3, reference: `order:${stale}` });
    expectProblem(await alice.post(`/api/orders/${stale}/cancel`), 409, 'INVALID_TRANSITION');
  });

  test('an order exactly as old as the timeout stays pending; a millisecond later it expires', async () => {
    const id = await product(10);
    const orderId = await placeOrder(alice, [{ product_id: id, quantity: 1 }]);
    const placedAt = (await Order.findByPk(orderId))?.order_date.getTime() ?? 0;
    const deadline = placedAt + timeoutMinutes * MINUTE_MS;

    expect(await expireUnpaidOrders(new Date(deadline))).toBe(0);
    expect(await statusOf(orderId)).toBe('pending');
    expect(await expireUnpaidOrders(new Date(deadline + 1))).toBe(1);
    expect(await statusOf(orderId)).toBe('cancelled');
    expect(await expireUnpaidOrders(new Date(deadline + 1))).toBe(0);
    expect(await stockOf(id)).toBe(10);
  });

  test('expires at most `limit` orders per call, oldest first', async () => {
    const id = await product(10);
    const now = new Date();
    const orders = [
      await placeOrder(alice, [{ product_id: id, quantity: 1 }]),
      await placeOrder(alice, [{ product_id: id, quantity: 1 }]),
      await placeOrder(alice, [{ product_id: id, quantity: 1 }]),
    ];
    await placedMinutesAgo([orders[0]!], timeoutMinutes + 3, now);
    await placedMinutesAgo([orders[1]!], timeoutMinutes + 5, now);
    await placedMinutesAgo([orders[2]!], timeoutMinutes + 1, now);

    expect(await expireUnpaidOrders(now, 2)).toBe(2);
    expect(await Promise.all(orders.map(statusOf))).toEqual(['cancelled', 'cancelled', 'pending']);
    expect(await expireUnpaidOrders(now, 2)).toBe(1);
    expect(await stockOf(id)).toBe(10);
  });

  test('two sweeps at once expire each order exactly once: one `expired` row per line, stock restored once', async () => {
    const a = await product(100);
    const b = await product(100);
    const now = new Date();
    const customers = [alice, bob, await signedInAs('customer'), await signedInAs('customer')];
    const orderIds: number[] = [];
    for (const customer of customers) {
      for (let i = 0; i < 3; i++) {
        orderIds.push(
          await placeOrder(customer, [
            { product_id: a, quantity: 1 + i },
            { product_id: b, quantity: 2 },
          ]),
        );
      }
    }
    await placedMinutesAgo(orderIds, timeoutMinutes + 10, now);

    const [first, second] = await Promise.all([expireUnpaidOrders(now), expireUnpaidOrders(now)]);

    expect(first + second).toBe(orderIds.length);
    expect(await stockOf(a)).toBe(100);
    expect(await stockOf(b)).toBe(100);
    expect(await ledgerSum(a)).toBe(100);
    expect(await ledgerSum(b)).toBe(100);
    const returns = await returnsFor(orderIds);
    expect(returns).toHaveLength(orderIds.length * 2);
    expect(new Set(returns.map(([reference, productId]) => `${reference}/${productId}`)).size).toBe(
      orderIds.length * 2,
    );
    expect(returns.every(([, , reason]) => reason === 'expired')).toBe(true);
    expect(await OrderStatusEvent.count({ where: { order_id: orderIds, to_status: 'cancelled' } })).toBe(
      orderIds.length,
    );
  });

  test('a customer cancelling while the sweep runs: each order is cancelled once, by one of them, stock restored once', async () => {
    const id = await product(50);
    const now = new Date();
    const owned: Array<{ client: SignedIn; orderId: number }> = [];
    for (const client of [alice, alice, alice, bob, bob]) {
      owned.push({ client, orderId: await placeOrder(client, [{ product_id: id, quantity: 2 }]) });
    }
    const orderIds = owned.map(({ orderId }) => orderId);
    await placedMinutesAgo(orderIds, timeoutMinutes + 1, now);

    const [expired, ...cancels] = await Promise.all([
      expireUnpaidOrders(now),
      ...owned.map(({ client, orderId }) => client.post(`/api/orders/${orderId}/cancel`)),
    ]);

    const cancelled = cancels.filter((response) => response.status === 200).length;
    for (const response of cancels.filter((r) => r.status !== 200)) {
      expectProblem(response, 409, 'INVALID_TRANSITION');
    }
    expect(cancelled + expired).toBe(orderIds.length);
    expect(await stockOf(id)).toBe(50);
    expect(await ledgerSum(id)).toBe(50);
    const returns = await returnsFor(orderIds);
    expect(returns).toHaveLength(orderIds.length);
    expect(returns.filter(([, , reason]) => reason === 'cancel')).toHaveLength(cancelled);
    expect(await OrderStatusEvent.count({ where: { order_id: orderIds, to_status: 'cancelled' } })).toBe(
      orderIds.length,
    );
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('runSweep', () => {
  test('expires unpaid orders and purges expired idempotency keys, tokens expired over a day ago and login failures older than the window, keeping the rest', async () => {
    const id = await product(10);
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const stale = await placeOrder(alice, [{ product_id: id, quantity: 4 }]);
    await placedMinutesAgo([stale], timeoutMinutes + 1, now);

    const key = (name: string, expires_at: Date) => ({
      account_id: alice.accountId,
      idempotency_key: name,
      request_hash: sha256(name),
      expires_at,
    });
    await IdempotencyKey.bulkCreate([key('expired', ago(1)), key('live', now)]);
    const token = (name: string, expires_at: Date, revoked_at: Date | null = null) => ({
      account_id: bob.accountId,
      token_hash: sha256(name),
      expires_at,
      revoked_at,
    });
    await AuthToken.bulkCreate([
      token('long expired', ago(DAY_MS + 1)),
      token('just expired', ago(DAY_MS)),
      token('revoked, not expired', ago(-MINUTE_MS), ago(MINUTE_MS)),
    ]);
    const windowMs = getConfig().login.windowMinutes * MINUTE_MS;
    await LoginFailure.bulkCreate([
      { username: 'old', client_address: '10.0.0.1', failed_at: ago(windowMs + 1) },
      { username: 'recent', client_address: '10.0.0.1', failed_at: ago(windowMs) },
    ]);
    const tokensBefore = await AuthToken.count();

    expect(await runSweep(now)).toEqual({
      expiredOrders: 1,
      idempotencyKeys: 1,
      authTokens: 1,
      loginFailures: 1,
    });

    expect(await statusOf(stale)).toBe('cancelled');
    expect(await stockOf(id)).toBe(10);
    expect((await IdempotencyKey.findAll()).map((row) => row.idempotency_key)).toEqual(['live']);
    expect(await AuthToken.count()).toBe(tokensBefore - 1);
    expect(await AuthToken.count({ where: { token_hash: sha256('long expired') } })).toBe(0);
    expect(await AuthToken.count({ where: { token_hash: sha256('just expired') } })).toBe(1);
    expect((await LoginFailure.findAll()).map((row) => row.username)).toEqual(['recent']);
    expect((await alice.get('/api/auth/me')).status).toBe(200);
    expect(await runSweep(now)).toEqual({
      expiredOrders: 0,
      idempotencyKeys: 0,
      authTokens: 0,
      loginFailures: 0,
    });
  });

  test('deletes in bounded batches until every old row is gone', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 2 * 86_400_000);
    await LoginFailure.bulkCreate(
      Array.from({ length: 2_500 }, (_, i) => ({
        username: `user${i}`,
        client_address: '10.0.0.2',
        failed_at: old,
      })),
    );
    expect((await runSweep(now)).loginFailures).toBe(2_500);
    expect(await LoginFailure.count()).toBe(0);
  });

  test('two sweeps at once expire an order once', async () => {
    const id = await product(10);
    const now = new Date();
    const stale = await placeOrder(alice, [{ product_id: id, quantity: 3 }]);
    await placedMinutesAgo([stale], timeoutMinutes + 1, now);

    const results = await Promise.all([runSweep(now), runSweep(now)]);

    expect(results.map((result) => result.expiredOrders).sort()).toEqual([0, 1]);
    expect(await stockOf(id)).toBe(10);
    expect(await returnsFor([stale])).toEqual([[`order:${stale}`, id, 'expired', 3]]);
  });
});

describe('startSweeper', () => {
  test('runs the sweep on its interval until stopped', async () => {
    const id = await product(10);
    const stale = await placeOrder(alice, [{ product_id: id, quantity: 2 }]);
    await placedMinutesAgo([stale], timeoutMinutes + 1, new Date());

    expect(startSweeper(20)).toBe(true);
    expect(startSweeper(20)).toBe(false);
    for (let waited = 0; (await statusOf(stale)) === 'pending' && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await stopSweeper();

    expect(await statusOf(stale)).toBe('cancelled');
    expect(await stockOf(id)).toBe(10);
  });

  test('an interval of 0 turns it off', () => {
    expect(startSweeper(0)).toBe(false);
  });
});
