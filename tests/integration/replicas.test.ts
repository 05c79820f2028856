import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { PrivateReplication } from '../helpers/private-replication';
import { freePort, runScript, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// No useTestDatabase(): these servers talk only to a private primary and its private replica.
// Two server processes share the local Redis (under a key prefix of this run) and read from the replica.
let replication: PrivateReplication;
let servers: RunningServer[] = [];
const ADMIN_PASSWORD = 'replica-admin-password-1';

const REDIS_PREFIX = `test-replicas-${randomUUID()}:`;
const env = () => ({
  DB_HOST: '127.0.0.1',
  DB_PORT: String(replication.primary.port),
  DB_NAME: 'replicas_db',
  DB_USER: 'root',
  DB_PASSWORD: '',
  DB_READ_HOSTS: `127.0.0.1:${String(replication.replica.port)}`,
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX,
  RATE_LIMIT_PER_MINUTE: '0',
  SWEEP_INTERVAL_SECONDS: '0',
  MAX_PENDING_ORDERS: '1000',
  LOG_LEVEL: 'info',
});

interface Json {
  [key: string]: unknown;
}

async function call(server: RunningServer, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
}

const counter = (name: string, which: 'primary' | 'replica') =>
  PrivateReplication.statusCounter(replication[which], name);

/** Starts a server and waits until it is ready; a server that does not come up fails with what it printed. */
async function startServer(): Promise<RunningServer> {
  const server = spawnServer(env(), await freePort());
  servers.push(server);
  try {
    await waitForStatus(`${server.url}/readyz`, 200, 60_000);
  } catch (error) {
    throw new Error(`${String(error)}\n${server.output()}`, { cause: error });
  }
  return server;
}

async function replicasInUse(server: RunningServer): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { body } = await call(server, 'GET', '/readyz');
    if (body.status === 'ready') return;
    await delay(200);
  }
  throw new Error('the replica never became usable');
}

let adminToken: string;
let customerToken: string;
let productId: number;

beforeAll(async () => {
  replication = await PrivateReplication.start();
  const first = await startServer();
  await startServer();
  const created = await runScript('src/cli/admin-create.ts', ['--username', 'admin'], {
    ...env(),
    DB_READ_HOSTS: '',
    ADMIN_PASSWORD,
  });
  if (created.code !== 0) throw new Error(`admin:create failed: ${created.stderr}`);

  const admin = await call(first, 'POST', '/api/auth/login', undefined, {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  adminToken = String(admin.body.token);
  const customer = await call(first, 'POST', '/api/auth/register', undefined, {
    name: 'Rita Replica',
    email: 'rita@example.com',
    username: 'rita',
    password: 'replicated shopping trip',
  });
  customerToken = String(customer.body.token);
  const product = await call(first, 'POST', '/api/products', adminToken, {
    product_name: 'Replicated Mug',
    price: 9.5,
    stock: 1000,
    low_stock_threshold: 0,
  });
  productId = Number(product.body.id);
  await replication.caughtUp();
  await Promise.all(servers.map(replicasInUse));
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  servers = [];
  await replication.destroy();
});

const [a, b] = [() => servers[0] as RunningServer, () => servers[1] as RunningServer];

describe('two processes on a primary with a read replica', () => {
  test('anonymous reads go to the replica, writes only to the primary; /readyz lists the replica', async () => {
    const before = {
      replicaSelects: await counter('Com_select', 'replica'),
      primarySelects: await counter('Com_select', 'primary'),
      replicaInserts: await counter('Com_insert', 'replica'),
      primaryInserts: await counter('Com_insert', 'primary'),
    };
    for (let i = 0; i < 20; i++) {
      expect((await call(i % 2 === 0 ? a() : b(), 'GET', `/api/products/${String(productId)}`)).status).toBe(
        200,
      );
    }
    const created = await call(a(), 'POST', '/api/categories', adminToken, { category_name: 'Mugs' });
    expect(created.status).toBe(201);

    await replication.caughtUp();
    const replicaSelects = (await counter('Com_select', 'replica')) - before.replicaSelects;
    const primarySelects = (await counter('Com_select', 'primary')) - before.primarySelects;
    // Each product read is at least one SELECT (the product and its tags); the admin's write reads its token on
    // the primary and its own result back there.
    expect(replicaSelects).toBeGreaterThanOrEqual(20);
    expect(primarySelects).toBeLessThan(10);
    // The replica's inserts are exactly the primary's, applied by replication: none came from the servers.
    const primaryInserts = (await counter('Com_insert', 'primary')) - before.primaryInserts;
    expect(primaryInserts).toBeGreaterThanOrEqual(1);
    expect((await counter('Com_insert', 'replica')) - before.replicaInserts).toBe(primaryInserts);

    const ready = await call(b(), 'GET', '/readyz');
    expect(ready).toEqual({
      status: 200,
      body: {
        status: 'ready',
        database: 'up',
        redis: 'up',
        replicas: [{ address: `127.0.0.1:${String(replication.replica.port)}`, state: 'ok', lag_s: 0 }],
      },
    });
  });

  test('read-your-writes: with the replica 2 s behind, an order placed through one process reads back at once through the other', async () => {
    await replication.setDelay(2);
    try {
      const placed = await call(a(), 'POST', '/api/orders', customerToken, {
        items: [{ product_id: productId, quantity: 1 }],
      });
      expect(placed.status).toBe(201);
      const orderId = Number(placed.body.id);

      const own = await call(b(), 'GET', `/api/orders/${String(orderId)}`, customerToken);
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(orderId);
      const history = await call(
        b(),
        'GET',
        `/api/customers/${String(placed.body.customer_id)}/orders`,
        customerToken,
      );
      expect((history.body as unknown as Array<{ id: number }>).map((order) => order.id)).toContain(orderId);

      // The replica really is behind: a category made a moment ago is not there for an anonymous reader, who has
      // written nothing and reads from the replica, while the admin who made it reads it from the primary.
      const category = await call(a(), 'POST', '/api/categories', adminToken, { category_name: 'Late' });
      const path = `/api/categories/${String(category.body.id)}`;
      expect((await call(b(), 'GET', path)).status).toBe(404);
      expect((await call(b(), 'GET', path, adminToken)).status).toBe(200);
    } finally {
      await replication.setDelay(0);
    }
    await replication.caughtUp();
  });

  test('the replica killed mid-run: every read still answers 200, from the primary, and /readyz says so', async () => {
    const statuses: number[] = [];
    let stopAt = Number.POSITIVE_INFINITY;
    const reader = async (server: RunningServer) => {
      while (Date.now() < stopAt) {
        statuses.push((await call(server, 'GET', `/api/products/${String(productId)}`)).status);
        statuses.push((await call(server, 'GET', '/api/products?per_page=5')).status);
      }
    };
    const readers = Promise.all([reader(a()), reader(b()), reader(a()), reader(b())]);
    await delay(300);
    const readsBeforeKill = statuses.length;
    await replication.replica.kill();
    // Reads go on through the kill and well past the next replica check (every second).
    stopAt = Date.now() + 2_500;
    await readers;

    expect(readsBeforeKill).toBeGreaterThan(0);
    expect(statuses.length).toBeGreaterThan(readsBeforeKill + 20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const primarySelects = await counter('Com_select', 'primary');
    expect((await call(a(), 'GET', `/api/products/${String(productId)}`)).status).toBe(200);
    expect(await counter('Com_select', 'primary')).toBeGreaterThan(primarySelects);
    for (const server of servers) {
      const ready = await call(server, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'degraded', replicas: [{ state: 'down', lag_s: null }] });
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).toMatch(/reads go to the primary/);
    }
  }, 60_000);
});
