import './bench-env';
import autocannon from 'autocannon';
import { getConfig } from '../src/config/env';
import { sequelize } from '../src/database/sequelize';
import { ensureDatabase } from '../src/database/setup';
import { seedAll } from '../seeds';
import { addBenchProducts } from './bench-data';
import { freePort, peakRssMb, startServer } from './server-process';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1000);

const print = (line: string) => process.stdout.write(`${line}\n`);

interface Scenario {
  name: string;
  path: string;
  options?: Partial<autocannon.Options>;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

async function measure(baseUrl: string, scenario: Scenario): Promise<Row> {
  const result: autocannon.Result = await autocannon({
    url: `${baseUrl}${scenario.path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...scenario.options,
  });
  return {
    name: scenario.name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body: unknown = await response.json();
  const token: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'token') : undefined;
  if (typeof token !== 'string') throw new Error(`login as ${username} failed: ${response.status}`);
  return token;
}

async function main(): Promise<void> {
  const { db } = getConfig();
  print(`Bench database ${db.name}: seeding the catalog and ${PRODUCTS} extra products...`);
  await ensureDatabase(db);
  await seedAll();
  const data = await addBenchProducts(PRODUCTS);
  await sequelize.close();

  const port = await freePort();
  const server = await startServer(port, { LOG_LEVEL: 'info' });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const token = await login(baseUrl, 'alice', 'alice-password-1');
    const json = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    const { first, last } = data.productIds;
    const randomProduct = () => first + Math.floor(Math.random() * (last - first + 1));
    const scenarios: Scenario[] = [
      { name: 'GET /api/products (page 1, 20 items)', path: '/api/products' },
      {
        name: 'GET /api/products/:id (random)',
        path: '/api/products/1',
        options: {
          requests: [
            { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/products/${randomProduct()}` }) },
          ],
        },
      },
      {
        name: 'POST /api/orders (one hot product)',
        path: '/api/orders',
        options: {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ items: [{ product_id: data.hotProductId, quantity: 1 }] }),
        },
      },
      {
        name: 'POST /api/orders (random products, 2 lines)',
        path: '/api/orders',
        options: {
          requests: [
            {
              method: 'POST',
              path: '/api/orders',
              headers: json,
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify({
                  items: [
                    { product_id: randomProduct(), quantity: 1 },
                    { product_id: randomProduct(), quantity: 2 },
                  ],
                }),
              }),
            },
          ],
        },
      },
    ];

    print(`Server on ${baseUrl}; ${CONNECTIONS} connections, ${DURATION_S} s per route.\n`);
    print('| route | req/s | p50 ms | p99 ms | 2xx | failed |');
    print('|---|---:|---:|---:|---:|---:|');
    for (const scenario of scenarios) {
      const row = await measure(baseUrl, scenario);
      print(`| ${row.name} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.ok} | ${row.failed} |`);
    }
    print(`\nServer peak RSS: ${peakRssMb(server.pid) ?? 'n/a'} MB`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
