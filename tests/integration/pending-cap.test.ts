import { setTimeout as delay } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import type { QueryOptions } from 'sequelize';
import { getConfig } from '../../src/config/env';
import { getSequelize } from '../../src/database/sequelize';
import { Order, Product, StockMovement } from '../helpers/models';
import { expireUnpaidOrders } from '../../src/modules/orders/order.service';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { countRows, useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { expectProblem } from '../helpers/http';

useTestDatabase();

const cap = getConfig().maxPendingOrders;

let admin: SignedIn;
let alice: SignedIn;
let productId: number;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
  productId = (await createProduct({ stock: 100, low_stock_threshold: 0 })).id;
});

const order = (client: SignedIn, extra: Record<string, unknown> = {}) =>
  client.post('/api/orders').send({ items: [{ product_id: productId, quantity: 1 }], ...extra });

async function placeUpToTheCap(client: SignedIn): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < cap; i++) ids.push((await order(client).expect(201)).body.id as number);
  return ids;
}

const stock = async () => (await Product.findByPk(productId))?.stock;
const pendingOf = (customerId: number) =>
  Order.count({ where: { customer_id: customerId, status: 'pending' } });

describe('POST /api/orders: at most MAX_PENDING_ORDERS pending orders per customer', () => {
  test('the default cap is 3', () => {
    expect(cap).toBe(3);
  });

  test('one more pending order than the cap is a 409 TOO_MANY_PENDING_ORDERS and changes nothing', async () => {
    await placeUpToTheCap(alice);
    const movementsBefore = await StockMovement.count();

    const problem = expectProblem(
      await order(alice).set('Idempotency-Key', 'one-too-many'),
      409,
      'TOO_MANY_PENDING_ORDERS',
    );

    expect(problem.detail).toContain(`${cap} unpaid orders`);
    expect(problem.detail).toMatch(/pay or cancel/);
    expect(await stock()).toBe(100 - cap);
    expect(await countRows('orders')).toBe(cap);
    expect(await StockMovement.count()).toBe(movementsBefore);
    expect(await countRows('idempotency_key')).toBe(0);
  });

  test("the cap is per customer: another customer's pending orders do not count", async () => {
    await placeUpToTheCap(alice);
    const bob = await signedInAs('customer');
    await placeUpToTheCap(bob);
    expectProblem(await order(bob), 409, 'TOO_MANY_PENDING_ORDERS');
  });

  test('after paying, cancelling or expiring one, a new order is accepted', async () => {
    const [first, second, third] = await placeUpToTheCap(alice);
    await admin.patch(`/api/orders/${first}/status`).send({ status: 'paid' }).expect(200);
    await order(alice).expect(201);
    expectProblem(await order(alice), 409, 'TOO_MANY_PENDING_ORDERS');

    await alice.post(`/api/orders/${second}/cancel`).expect(200);
    await order(alice).expect(201);
    expectProblem(await order(alice), 409, 'TOO_MANY_PENDING_ORDERS');

    const placedAt = (await Order.findByPk(third))?.order_date.getTime() ?? 0;
    await Order.update(
      { order_date: new Date(placedAt - getConfig().orderPaymentTimeoutMinutes * 60_000 - 1) },
      { where: { id: third } },
    );
    expect(await expireUnpaidOrders(new Date(placedAt))).toBe(1);
    await order(alice).expect(201);
    expect(await pendingOf(alice.customerId)).toBe(cap);
  });

  test('an order refused for stock does not count towards the cap', async () => {
    const scarce = (await createProduct({ stock: 1, low_stock_threshold: 0 })).id;
    const short = await alice.post('/api/orders').send({ items: [{ product_id: scarce, quantity: 2 }] });
    expectProblem(short, 409, 'INSUFFICIENT_STOCK');
    await placeUpToTheCap(alice);
  });

  test('an admin is exempt, ordering for a customer at the cap or for itself', async () => {
    await placeUpToTheCap(alice);
    const forAlice = await order(admin, { customer_id: alice.customerId });
    expect(forAlice.status).toBe(201);
    expect(forAlice.body.customer_id).toBe(alice.customerId);
    expect(await pendingOf(alice.customerId)).toBe(cap + 1);
    for (let i = 0; i <= cap; i++) await order(admin).expect(201);
    expect(await pendingOf(admin.customerId)).toBe(cap + 1);
    expectProblem(await order(alice), 409, 'TOO_MANY_PENDING_ORDERS');
  });

  test('10 simultaneous orders by one customer: exactly the cap are placed, the rest are 409', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => order(alice)));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(cap);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(10 - cap);
    for (const response of refused) expectProblem(response, 409, 'TOO_MANY_PENDING_ORDERS');
    expect(await pendingOf(alice.customerId)).toBe(cap);
    expect(await stock()).toBe(100 - cap);
    expect(await StockMovement.count({ where: { product_id: productId, reason: 'order' } })).toBe(cap);
  });

  test('a retry of an order already placed (same Idempotency-Key) still answers with it at the cap', async () => {
    await order(alice).expect(201);
    await order(alice).expect(201);
    const last = await order(alice).set('Idempotency-Key', 'last-one').expect(201);

    const retries = await Promise.all(
      Array.from({ length: 5 }, () => order(alice).set('Idempotency-Key', 'last-one')),
    );

    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(last.body.id);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }
    expectProblem(await order(alice).set('Idempotency-Key', 'a-new-one'), 409, 'TOO_MANY_PENDING_ORDERS');
    expect(await countRows('orders')).toBe(cap);
    expect(await stock()).toBe(100 - cap);
  });
});

const LOCK_CUSTOMER = 'SELECT id FROM customer WHERE id = :id FOR UPDATE';

/**
 * Sessions on this test database (the server is shared) running the customer lock statement, which, while the test
 * holds that lock, means waiting for it. PROCESSLIST rather than INNODB_TRX: InnoDB refreshes the latter at most
 * every 0.1 s of no reads, so a tight poll keeps reading a stale copy.
 */
async function customerLockWaits(customerId: number): Promise<number> {
  const [row] = await getSequelize().query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
      WHERE DB = DATABASE() AND COMMAND = 'Query' AND INFO = :statement`,
    {
      replacements: { statement: LOCK_CUSTOMER.replace(':id', String(customerId)) },
      type: QueryTypes.SELECT,
    },
  );
  return row?.n ?? 0;
}

describe('the cap where a transaction reads from a snapshot taken when it starts (TiDB)', () => {
  /**
   * TiDB's REPEATABLE READ reads from a snapshot taken when the transaction starts; InnoDB's from one taken at the
   * first plain read, which for an order comes after the customer lock. A plain read right after every START
   * TRANSACTION makes InnoDB take its snapshot there too, as TiDB would.
   */
  const snapshotAtStart = async (options: QueryOptions, query: unknown) => {
    const sql: unknown = Reflect.get(query as object, 'sql');
    if (typeof sql !== 'string' || !sql.startsWith('START TRANSACTION')) return;
    await getSequelize().query('SELECT COUNT(*) FROM orders', {
      type: QueryTypes.SELECT,
      transaction: options.transaction ?? null,
    });
  };

  afterEach(() => {
    getSequelize().removeHook('afterQuery', 'snapshot-at-start');
  });

  test('two orders that queued on the customer lock with one slot left: one placed, one refused', async () => {
    for (let i = 0; i < cap - 1; i++) await order(alice).expect(201);
    getSequelize().addHook('afterQuery', 'snapshot-at-start', snapshotAtStart);
    const holder = await getSequelize().transaction();
    let committed = false;
    let responses;
    try {
      await getSequelize().query(LOCK_CUSTOMER, {
        replacements: { id: alice.customerId },
        type: QueryTypes.SELECT,
        transaction: holder,
      });
      const racing = Promise.all([order(alice), order(alice)]);
      // Both have started, taken their snapshot, and wait on the customer row before either may go on.
      for (let waited = 0; (await customerLockWaits(alice.customerId)) < 2 && waited < 2_000; waited += 20) {
        await delay(20);
      }
      expect(await customerLockWaits(alice.customerId)).toBe(2);
      await holder.commit();
      committed = true;
      responses = await racing;
    } finally {
      if (!committed) await holder.rollback();
    }
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await pendingOf(alice.customerId)).toBe(cap);
  });
});
