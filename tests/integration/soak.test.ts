import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';

useTestDatabase();

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 600);
const CONCURRENCY = 16;

const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });

/** Runs `tasks` with at most `limit` in flight, as real parallel HTTP requests. */
async function runPool(tasks: Array<() => Promise<unknown>>, limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        if (task) await task();
      }
    }),
  );
}

describe('soak: mixed traffic in parallel, then the invariants', () => {
  test(`${REQUESTS} orders, cancels, stock adjustments and catalog edits leave every invariant intact`, async () => {
    const admin = await signedInAs('admin');
    const customers: SignedIn[] = await Promise.all(Array.from({ length: 4 }, () => signedInAs('customer')));
    const productIds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await admin.post('/api/products').send({
        product_name: `Soak ${i}`,
        price: 1.99 + i,
        stock: 15,
        low_stock_threshold: 3,
        restock_quantity: i % 2 === 0 ? 0 : 10,
      });
      productIds.push(created.body.id as number);
    }
    const placed: Array<{ client: SignedIn; id: number }> = [];
    const statuses = new Map<number, number>();
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    const pick = <T>(items: T[]) => items[random(items.length)] as T;

    const tasks = Array.from({ length: REQUESTS }, () => async () => {
      const roll = random(100);
      let status: number;
      if (roll < 50) {
        const client = pick(customers);
        const response = await client.post('/api/orders').send({
          items: [
            { product_id: pick(productIds), quantity: 1 + random(3) },
            { product_id: pick(productIds), quantity: 1 },
          ],
        });
        if (response.status === 201) placed.push({ client, id: response.body.id as number });
        status = response.status;
      } else if (roll < 70 && placed.length > 0) {
        const { client, id } = pick(placed);
        status = (await client.post(`/api/orders/${id}/cancel`)).status;
      } else if (roll < 85) {
        status = (
          await admin
            .post(`/api/products/${pick(productIds)}/stock/adjustments`)
            .send({ delta: random(2) === 0 ? 5 : -4, reason: 'soak' })
        ).status;
      } else if (roll < 95) {
        status = (
          await admin.put(`/api/products/${pick(productIds)}`).send({ price: 1 + random(5000) / 100 })
        ).status;
      } else {
        status = (
          await admin
            .patch(`/api/orders/${placed.length > 0 ? pick(placed).id : 1}/status`)
            .send({ status: 'paid' })
        ).status;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    await runPool(tasks, CONCURRENCY);

    const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(REQUESTS);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(REQUESTS / 10);

    expect(await select('SELECT id, stock FROM product WHERE stock < 0')).toEqual([]);
    expect(
      await select(
        `SELECT p.id FROM product p JOIN stock_movement m ON m.product_id = p.id GROUP BY p.id, p.stock HAVING SUM(m.delta) <> p.stock`,
      ),
    ).toEqual([]);
    expect(
      await select(
        `SELECT o.id FROM orders o JOIN order_item i ON i.order_id = o.id GROUP BY o.id, o.total HAVING SUM(i.line_total) <> o.total`,
      ),
    ).toEqual([]);
    // Each order took its lines' stock once, and each cancelled order gave it back exactly once.
    expect(
      await select(
        `SELECT * FROM (
           SELECT o.id, o.status,
                  (SELECT COALESCE(SUM(-m.delta), 0) FROM stock_movement m
                   WHERE m.reference = CONCAT('order:', o.id) AND m.reason = 'order') AS taken,
                  (SELECT COALESCE(SUM(m.delta), 0) FROM stock_movement m
                   WHERE m.reference = CONCAT('order:', o.id) AND m.reason = 'cancel') AS returned,
                  (SELECT SUM(i.quantity) FROM order_item i WHERE i.order_id = o.id) AS quantity
           FROM orders o
         ) per_order
         WHERE taken <> quantity OR returned <> (CASE WHEN status = 'cancelled' THEN quantity ELSE 0 END)`,
      ),
    ).toEqual([]);
  }, 120_000);
});
