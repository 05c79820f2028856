import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { freePort, spawnServer, waitForStatus } from '../helpers/server-process';

useTestDatabase();

const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });

describe('graceful shutdown', () => {
  test('on SIGTERM under load: no accepted request fails, no order is half written, exit 0 in bounded time', async () => {
    const customer = await signedInAs('customer');
    const product = await createProduct({ stock: 100_000, low_stock_threshold: 0 });
    // One customer places hundreds of orders here: the pending-order cap is not what this test is about.
    const server = spawnServer({ LOG_LEVEL: 'info', MAX_PENDING_ORDERS: '1000' }, await freePort());
    await waitForStatus(`${server.url}/readyz`, 200, 30_000);

    // 20 workers keep requests in flight; after 100 answers the server gets SIGTERM. A request the server accepted
    // must be answered, and its order written whole. One it never accepted (refused, or reset while still in the
    // kernel's accept queue) fails at the connection and writes nothing, which the order count below proves.
    const results: Array<{ status: number; at: number }> = [];
    let connectionErrors = 0;
    let stopAt = 0;
    let stopped = false;
    const worker = async () => {
      while (!stopped && results.length + connectionErrors < 600) {
        try {
          const response = await fetch(`${server.url}/api/orders`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${customer.token}` },
            body: JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] }),
          });
          await response.arrayBuffer();
          results.push({ status: response.status, at: Date.now() });
          if (results.length === 100 && stopAt === 0) {
            stopAt = Date.now();
            server.child.kill('SIGTERM');
          }
        } catch {
          connectionErrors++;
          if (stopAt > 0) stopped = true;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const exitCode = await server.exited;
    const shutdownMs = Date.now() - stopAt;

    expect(stopAt).toBeGreaterThan(0);
    expect(results.every((result) => result.status === 201)).toBe(true);
    expect(results.filter((result) => result.at > stopAt).length).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
    expect(shutdownMs).toBeLessThan(15_000);
    expect(server.output()).toContain('shutdown complete');
    const answered = results;

    // Every accepted order is whole: one per 201, each with its line, its ledger row and its first status event.
    const [orders] = await select<{ n: number }>('SELECT COUNT(*) AS n FROM orders');
    expect(orders?.n).toBe(answered.length);
    expect(
      await select(
        `SELECT o.id FROM orders o
         WHERE NOT EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id)
            OR NOT EXISTS (SELECT 1 FROM order_status_event e WHERE e.order_id = o.id)
            OR NOT EXISTS (SELECT 1 FROM stock_movement m WHERE m.reference = CONCAT('order:', o.id))`,
      ),
    ).toEqual([]);
    const [stock] = await select<{ stock: number }>(`SELECT stock FROM product WHERE id = ${product.id}`);
    expect(stock?.stock).toBe(100_000 - answered.length);
  }, 90_000);
});
