import { PrivateMariaDb } from '../helpers/private-mariadb';
import { freePort, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// No useTestDatabase(): this file's servers talk only to a MariaDB of their own.
let database: PrivateMariaDb;
const servers: RunningServer[] = [];

beforeAll(async () => {
  database = await PrivateMariaDb.create();
  await database.start();
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  await database.destroy();
});

const serverEnv = () => ({
  DB_HOST: '127.0.0.1',
  DB_PORT: String(database.port),
  DB_NAME: 'outage_db',
  DB_USER: 'root',
  DB_PASSWORD: '',
});

async function timedGet(url: string) {
  const started = Date.now();
  const response = await fetch(url);
  return { response, ms: Date.now() - started, body: (await response.json()) as { code?: string } };
}

describe('when the database goes away', () => {
  test('requests get a fast 503 with Retry-After, /readyz says 503, /healthz stays 200, and the server recovers by itself', async () => {
    const server = spawnServer(serverEnv(), await freePort());
    servers.push(server);
    await waitForStatus(`${server.url}/readyz`, 200, 60_000);
    expect((await fetch(`${server.url}/api/products`)).status).toBe(200);

    await database.stop();

    for (const path of ['/api/products', '/api/products/1', '/api/categories']) {
      const { response, ms, body } = await timedGet(`${server.url}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(body.code).toBe('DATABASE_UNAVAILABLE');
      expect(ms).toBeLessThan(11_000);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await database.start();
    await waitForStatus(`${server.url}/readyz`, 200, 30_000);
    expect((await fetch(`${server.url}/api/products`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  }, 120_000);

  test('a server started while the database is down retries with backoff, logs why, and serves once it is up', async () => {
    await database.stop();
    const server = spawnServer(serverEnv(), await freePort());
    servers.push(server);
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('database not ready; retrying') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(server.output()).toContain('database not ready; retrying');
    expect(server.child.exitCode).toBeNull();

    await database.start();
    await waitForStatus(`${server.url}/readyz`, 200, 60_000);
    expect((await fetch(`${server.url}/api/categories`)).status).toBe(200);
  }, 120_000);
});
