import mysql from 'mysql2/promise';
import { getConfig } from '../../src/config/env';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { freePort, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

useTestDatabase();

// One session holds a row lock on a product for longer than anyone should wait, while customers order it. The
// server (default pool of 10 connections, default lock-wait timeout) must keep serving everything else.
const HOLD_MS = 15_000;
let server: RunningServer;

beforeAll(async () => {
  server = spawnServer({ DB_POOL_MAX: '10', SWEEP_INTERVAL_SECONDS: '0' }, await freePort());
  await waitForStatus(`${server.url}/readyz`, 200, 60_000);
}, 90_000);

afterAll(() => {
  server.child.kill('SIGKILL');
});

const timed = async (run: () => Promise<Response>) => {
  const started = Date.now();
  const response = await run();
  const body = (await response.json()) as { code?: string };
  return {
    status: response.status,
    ms: Date.now() - started,
    body,
    retryAfter: response.headers.get('retry-after'),
  };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

test('with a product row locked for 15 s and 20 orders waiting on it, other reads stay fast, /readyz stays 200, and the orders get a 503 within seconds', async () => {
  const locked = await createProduct({ stock: 1_000 });
  const other = await createProduct({ stock: 5 });
  const customers = await Promise.all(Array.from({ length: 20 }, () => signedInAs('customer')));

  const { db } = getConfig();
  const holder = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
  });
  try {
    await holder.query('START TRANSACTION');
    await holder.query('SELECT id FROM product WHERE id = ? FOR UPDATE', [locked.id]);
    const heldUntil = Date.now() + HOLD_MS;
    const released = new Promise((resolve) => setTimeout(resolve, HOLD_MS)).then(() =>
      holder.query('ROLLBACK'),
    );

    const orders = Promise.all(
      customers.map((customer) =>
        timed(() =>
          fetch(`${server.url}/api/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
            body: JSON.stringify({ items: [{ product_id: locked.id, quantity: 1 }] }),
          }),
        ),
      ),
    );
    // 8 readers, 10 reads each, spread over the hold; /readyz polled every half second beside them.
    const reads = Promise.all(
      Array.from({ length: 8 }, async () => {
        const results = [];
        for (let i = 0; i < 10; i++) {
          results.push(await timed(() => fetch(`${server.url}/api/products/${other.id}`)));
          await new Promise((resolve) => setTimeout(resolve, (HOLD_MS - 2_000) / 10));
        }
        return results;
      }),
    );
    const readiness = (async () => {
      const results = [];
      while (Date.now() < heldUntil - 1_000) {
        results.push(await timed(() => fetch(`${server.url}/readyz`)));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return results;
    })();

    const readResults = (await reads).flat();
    const readyResults = await readiness;
    const orderResults = await orders;
    await released;

    expect(readResults.map((read) => read.status)).toEqual(readResults.map(() => 200));
    expect(
      percentile(
        readResults.map((read) => read.ms),
        99,
      ),
    ).toBeLessThan(1_000);
    expect(readyResults.map((ready) => ready.status)).toEqual(readyResults.map(() => 200));
    for (const order of orderResults) {
      expect([201, 503]).toContain(order.status);
      expect(order.ms).toBeLessThan(8_000);
      if (order.status === 503) {
        expect(order.body.code).toBe('DATABASE_BUSY');
        expect(Number(order.retryAfter)).toBeGreaterThan(0);
      }
    }
  } finally {
    await holder.end();
  }
}, 90_000);
