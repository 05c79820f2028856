import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Coupon } from '../../src/modules/offers';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct, ledgerSum, stockOf } from '../helpers/factories';
import { freePort, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// Server processes on this worker's test database, as several processes of one shop would run. Clients are told
// apart by X-Forwarded-For (TRUST_PROXY=loopback), so each test's rate limit counts only its own requests.
useTestDatabase();

const running: RunningServer[] = [];
afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
});

const baseEnv = {
  TRUST_PROXY: 'loopback',
  COUNT_CACHE_MS: '5000',
  RATE_LIMIT_PER_MINUTE: '60',
  SWEEP_INTERVAL_SECONDS: '0',
  MAX_PENDING_ORDERS: '100000',
  LOG_LEVEL: 'info',
};

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const server = spawnServer({ ...baseEnv, ...env }, await freePort());
  running.push(server);
  try {
    await waitForStatus(`${server.url}/healthz`, 200, 60_000);
  } catch (error) {
    throw new Error(`${String(error)}\n${server.output()}`, { cause: error });
  }
  return server;
}

const withRedis = () => ({
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `test-shared-${randomUUID()}:`,
});

let shared: RunningServer[];
let separate: RunningServer[];
beforeAll(async () => {
  const redis = withRedis();
  shared = await Promise.all([startServer(redis), startServer(redis)]);
  separate = await Promise.all([startServer({}), startServer({})]);
}, 120_000);

const get = (server: RunningServer, path: string, address: string, token?: string) =>
  fetch(`${server.url}${path}`, {
    headers: {
      'X-Forwarded-For': address,
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
  });

const post = (server: RunningServer, path: string, address: string, token: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'X-Forwarded-For': address,
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });

async function totalOf(server: RunningServer, path: string, address: string): Promise<number> {
  const response = await get(server, path, address);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${String(response.status)}`);
  return Number(response.headers.get('x-total-count'));
}

/** How long until `server` reports `expected` for `path`, polling every 50 ms; undefined if not within `withinMs`. */
async function msUntilTotal(
  server: RunningServer,
  path: string,
  address: string,
  expected: number,
  withinMs: number,
) {
  const started = Date.now();
  while (Date.now() - started <= withinMs) {
    if ((await totalOf(server, path, address)) === expected) return Date.now() - started;
    await delay(50);
  }
  return undefined;
}

async function statusCounts(servers: RunningServer[], requests: number, address: string) {
  const counts: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const { status } = await get(servers[i % servers.length] as RunningServer, '/healthz', address);
      counts[status] = (counts[status] ?? 0) + 1;
    }),
  );
  return counts;
}

describe('the global rate limit across two processes', () => {
  test('with REDIS_URL, a limit of 60 a minute lets 60 of 120 requests through, whichever process gets them', async () => {
    expect(await statusCounts(shared, 120, '203.0.113.60')).toEqual({ 200: 60, 429: 60 });
  });

  test('without it, each process counts alone and lets twice the limit through (the reason for Redis)', async () => {
    expect(await statusCounts(separate, 120, '203.0.113.61')).toEqual({ 200: 120 });
  });
});

describe('X-Total-Count across two processes', () => {
  const list = '/api/products?per_page=1';
  const inStock = '/api/products?in_stock=true&per_page=1';

  async function catalogOfThree() {
    for (const name of ['Cup', 'Plate', 'Bowl']) {
      await createProduct({ product_name: name, stock: name === 'Cup' ? 1 : 5, low_stock_threshold: 0 });
    }
  }

  test('with REDIS_URL, a product created through one process is counted by the other within 1 s', async () => {
    await catalogOfThree();
    const admin = await signedInAs('admin');
    const [a, b] = shared as [RunningServer, RunningServer];
    expect(await totalOf(b, list, '198.51.100.1')).toBe(3);

    const created = await post(a, '/api/products', '198.51.100.1', admin.token, {
      product_name: 'Jug',
      price: 4,
    });
    expect(created.status).toBe(201);
    const ms = await msUntilTotal(b, list, '198.51.100.1', 4, 1_000);
    expect(ms).toBeDefined();
  });

  test('with REDIS_URL, an order that empties a product through one process drops it from the other’s in_stock count within 1 s', async () => {
    await catalogOfThree();
    const customer = await signedInAs('customer');
    const [a, b] = shared as [RunningServer, RunningServer];
    expect(await totalOf(b, inStock, '198.51.100.2')).toBe(3);
    const cup = (await (await get(a, '/api/products?q=cup', '198.51.100.2')).json()) as Array<{ id: number }>;

    const order = await post(a, '/api/orders', '198.51.100.2', customer.token, {
      items: [{ product_id: cup[0]?.id, quantity: 1 }],
    });
    expect(order.status).toBe(201);
    expect(await msUntilTotal(b, inStock, '198.51.100.2', 2, 1_000)).toBeDefined();
  });

  test('without it, the process that wrote counts at once (orders included), the other stays stale for COUNT_CACHE_MS', async () => {
    await catalogOfThree();
    const customer = await signedInAs('customer');
    const [a, b] = separate as [RunningServer, RunningServer];
    expect(await totalOf(a, inStock, '198.51.100.3')).toBe(3);
    expect(await totalOf(b, inStock, '198.51.100.3')).toBe(3);
    const cup = (await (await get(a, '/api/products?q=cup', '198.51.100.3')).json()) as Array<{ id: number }>;

    const order = await post(a, '/api/orders', '198.51.100.3', customer.token, {
      items: [{ product_id: cup[0]?.id, quantity: 1 }],
    });
    expect(order.status).toBe(201);
    expect(await totalOf(a, inStock, '198.51.100.3')).toBe(2);
    expect(await msUntilTotal(b, inStock, '198.51.100.3', 2, 1_000)).toBeUndefined();
  });
});

describe('orders across two processes', () => {
  test('200 simultaneous orders for a product with 50 in stock, split over both processes: exactly 50 placed, no oversell', async () => {
    const product = await createProduct({ stock: 50, low_stock_threshold: 0, restock_quantity: 0 });
    const customer = await signedInAs('customer');
    const statuses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const response = await post(
          shared[i % 2] as RunningServer,
          '/api/orders',
          `198.51.100.${String(10 + (i % 40))}`,
          customer.token,
          { items: [{ product_id: product.id, quantity: 1 }] },
        );
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(50);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    expect(await stockOf(product.id)).toBe(0);
    expect(await ledgerSum(product.id)).toBe(0);
  }, 60_000);

  test('a coupon limited to 5 uses, 40 simultaneous orders by 40 customers over both processes: exactly 5 redeemed', async () => {
    const product = await createProduct({ stock: 1000, low_stock_threshold: 0, restock_quantity: 0 });
    const coupon = await Coupon.create({
      code: 'SHARED5',
      percent_off: 10,
      amount_off: null,
      starts_at: null,
      ends_at: null,
      usage_limit: 5,
      usage_limit_per_customer: null,
      min_subtotal: null,
      target: 'catalog',
      category_id: null,
    });
    const customers = await Promise.all(Array.from({ length: 40 }, () => signedInAs('customer')));
    const responses = await Promise.all(
      customers.map((customer, i) =>
        post(shared[i % 2] as RunningServer, '/api/orders', `198.51.100.${String(60 + i)}`, customer.token, {
          items: [{ product_id: product.id, quantity: 1 }],
          coupon_code: 'shared5',
        }),
      ),
    );
    const codes = await Promise.all(
      responses.map(async (response) =>
        response.status === 201 ? 'placed' : ((await response.json()) as { code: string }).code,
      ),
    );
    expect(codes.filter((code) => code === 'placed')).toHaveLength(5);
    expect(codes.filter((code) => code !== 'placed')).toEqual(Array(35).fill('COUPON_USAGE_LIMIT_REACHED'));
    expect((await Coupon.findByPk(coupon.id))?.times_used).toBe(5);
    expect(await stockOf(product.id)).toBe(995);
  }, 60_000);
});

/** A redis-server of the test's own, which it may kill; the shared one is never touched. */
async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const probe = await fetch(`http://127.0.0.1:${String(port)}`).catch((error: unknown) => error);
    // Redis answers an HTTP request by closing the connection: anything but a refused connection means it listens.
    if (!(probe instanceof Error && /ECONNREFUSED/.test(String(probe.cause)))) return child;
    await delay(100);
  }
  throw new Error('the private redis-server did not start');
}

async function readiness(server: RunningServer) {
  const response = await get(server, '/readyz', '192.0.2.200');
  return { status: response.status, body: (await response.json()) as { status: string; redis: string } };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(100);
  }
  throw new Error('condition not reached');
}

describe('when Redis goes away', () => {
  test('requests keep being served (the limit lets them through, counts come from the database), /readyz says so, and all resumes when Redis is back', async () => {
    const port = await freePort();
    let redis = await privateRedis(port);
    const server = await startServer({
      REDIS_URL: `redis://127.0.0.1:${String(port)}`,
      REDIS_PREFIX: 'outage:',
      RATE_LIMIT_PER_MINUTE: '5',
    });
    try {
      await until(async () => (await readiness(server)).body.redis === 'up', 10_000);
      expect(await statusCounts([server], 8, '203.0.113.80')).toEqual({ 200: 5, 429: 3 });

      redis.kill('SIGKILL');
      await until(async () => (await readiness(server)).body.redis === 'down', 10_000);
      expect(await readiness(server)).toEqual({
        status: 200,
        body: { status: 'degraded', database: 'up', redis: 'down', replicas: [] },
      });
      expect(await statusCounts([server], 20, '203.0.113.81')).toEqual({ 200: 20 });
      // Another process's write, which this one cannot hear about without Redis: the count is still right.
      expect(await totalOf(server, '/api/products?per_page=1', '203.0.113.82')).toBe(0);
      await createProduct({ product_name: 'Written elsewhere' });
      expect(await totalOf(server, '/api/products?per_page=1', '203.0.113.82')).toBe(1);

      redis = await privateRedis(port);
      await until(async () => (await readiness(server)).body.redis === 'up', 15_000);
      expect(await statusCounts([server], 8, '203.0.113.83')).toEqual({ 200: 5, 429: 3 });
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).toMatch(/Redis unreachable/);
      expect(server.output()).not.toContain(`redis://127.0.0.1:${String(port)}`);
    } finally {
      redis.kill('SIGKILL');
    }
  }, 90_000);
});
