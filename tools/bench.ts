import './bench-env';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { QueryTypes } from 'sequelize';
import { getConfig } from '../src/config/env';
import { getSequelize } from '../src/database/sequelize';
import { ensureDatabase } from '../src/database/setup';
import { seedAll } from '../seeds';
import { generateData } from '../seeds/generate';
import { freePort, peakRssMb, startServer, startWorkers, stopServer } from './server-process';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);

const print = (line = '') => process.stdout.write(`${line}\n`);

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

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'alice-password-1' }),
  });
  const body: unknown = await response.json();
  const token: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'token') : undefined;
  if (typeof token !== 'string') throw new Error(`login failed: ${response.status}`);
  return token;
}

/** The seeded catalog plus generated products, with stock that restocks itself so orders never run out. */
async function prepareData(size: number): Promise<{ firstId: number; lastId: number }> {
  await seedAll();
  await generateData({ products: Math.max(0, size - 5), customers: 0, orders: 0 }, () => undefined);
  await getSequelize().query(
    `INSERT INTO stock_movement (product_id, delta, reason, reference, note, stock_after, created_at)
     SELECT id, 1000000, 'adjustment', 'bench', 'bench stock', stock + 1000000, NOW(3) FROM product`,
  );
  await getSequelize().query(
    'UPDATE product SET stock = stock + 1000000, low_stock_threshold = 1000, restock_quantity = 1000000',
  );
  const [range] = await getSequelize().query<{ firstId: number; lastId: number }>(
    'SELECT MIN(id) AS firstId, MAX(id) AS lastId FROM product',
    { type: QueryTypes.SELECT },
  );
  return range ?? { firstId: 1, lastId: 1 };
}

const table = (rows: Row[]) => {
  print('| route | req/s | p50 ms | p99 ms | 2xx | failed |');
  print('|---|---:|---:|---:|---:|---:|');
  for (const row of rows)
    print(`| ${row.name} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.ok} | ${row.failed} |`);
};

interface SizeResult {
  size: number;
  rows: Row[];
  baseline: Row[];
  peakRss: number | undefined;
}

type ProductRange = { firstId: number; lastId: number };

const randomIdIn =
  ({ firstId, lastId }: ProductRange) =>
  () =>
    firstId + Math.floor(Math.random() * (lastId - firstId + 1));

// The bench measures throughput, not the limits: one address sends everything, and one customer places
// thousands of unpaid orders.
const SERVER_ENV = {
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '0',
  MAX_PENDING_ORDERS: '1000000',
  SWEEP_INTERVAL_SECONDS: '0',
};

/** Every scenario, one after the other, against a running server. */
async function runScenarios(baseUrl: string, range: ProductRange): Promise<Row[]> {
  const { firstId, lastId } = range;
  const randomId = randomIdIn(range);
  const json = { 'Content-Type': 'application/json', Authorization: `Bearer ${await login(baseUrl)}` };
  const scenarios: Scenario[] = [
    { name: 'product list, page 1', path: '/api/products' },
    { name: 'product list, deep page (after_id)', path: `/api/products?after_id=${lastId - 40}` },
    { name: 'product list, category filter', path: '/api/products?category_id=3' },
    {
      name: 'product by id',
      path: '/api/products/1',
      options: {
        requests: [
          { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/products/${randomId()}` }) },
        ],
      },
    },
    { name: 'categories', path: '/api/categories' },
    { name: 'tags', path: '/api/tags' },
    {
      name: 'stock level',
      path: '/api/products/1/stock',
      options: {
        requests: [
          { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/products/${randomId()}/stock` }) },
        ],
      },
    },
    {
      name: 'place an order (random products)',
      path: '/api/orders',
      options: {
        requests: [
          {
            method: 'POST',
            headers: json,
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                items: [
                  { product_id: randomId(), quantity: 1 },
                  { product_id: randomId(), quantity: 2 },
                ],
              }),
            }),
          },
        ],
      },
    },
    {
      name: 'place an order (one hot product)',
      path: '/api/orders',
      options: {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ items: [{ product_id: firstId, quantity: 1 }] }),
      },
    },
  ];
  const rows: Row[] = [];
  for (const scenario of scenarios) rows.push(await measure(baseUrl, scenario));
  return rows;
}

async function benchSize(size: number): Promise<SizeResult> {
  print(`\n## ${size.toLocaleString('en-US')} products\n`);
  const range = await prepareData(size);
  const randomId = randomIdIn(range);

  const port = await freePort();
  // One process, whatever WEB_CONCURRENCY .env sets: the targets below are per process.
  const server = await startServer(port, { ...SERVER_ENV, WEB_CONCURRENCY: '1' });
  let rows: Row[];
  let peakRss: number | undefined;
  try {
    rows = await runScenarios(`http://127.0.0.1:${port}`, range);
    peakRss = peakRssMb(server.pid);
  } finally {
    await stopServer(server);
  }

  const basePort = await freePort();
  const baselineServer = await startServer(basePort, {}, [
    '-r',
    'ts-node/register/transpile-only',
    'tools/baseline-server.ts',
  ]);
  const baseline: Row[] = [];
  try {
    const baseUrlBare = `http://127.0.0.1:${basePort}`;
    baseline.push(
      await measure(baseUrlBare, { name: 'baseline: product list, page 1', path: '/api/products' }),
    );
    baseline.push(
      await measure(baseUrlBare, {
        name: 'baseline: product by id',
        path: '/api/products/1',
        options: {
          requests: [
            { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/products/${randomId()}` }) },
          ],
        },
      }),
    );
  } finally {
    await stopServer(baselineServer);
  }
  table([...rows, ...baseline]);
  print(`\nServer peak RSS: ${peakRss ?? 'n/a'} MB`);
  return { size, rows, baseline, peakRss };
}

const find = (rows: Row[], name: string) => rows.find((row) => row.name === name);

function summarize(results: SizeResult[]): void {
  const small = results[0];
  const large = results.at(-1);
  if (small === undefined || large === undefined) return;
  const ratio = (ours: Row | undefined, bare: Row | undefined) =>
    ours !== undefined && bare !== undefined && bare.rps > 0 ? ours.rps / bare.rps : 0;
  const listRatio = ratio(
    find(large.rows, 'product list, page 1'),
    find(large.baseline, 'baseline: product list, page 1'),
  );
  const idRatio = ratio(find(large.rows, 'product by id'), find(large.baseline, 'baseline: product by id'));
  const p50Small = find(small.rows, 'product list, page 1')?.p50 ?? 0;
  const p50Large = find(large.rows, 'product list, page 1')?.p50 ?? 0;
  const deep = find(large.rows, 'product list, deep page (after_id)');
  const first = find(large.rows, 'product list, page 1');
  const rss = Math.max(...results.map((result) => result.peakRss ?? 0));
  const line = (ok: boolean, text: string) => print(`- ${ok ? 'met' : 'MISSED'}: ${text}`);
  print(`\n## Targets (at ${large.size.toLocaleString('en-US')} products)\n`);
  line(
    listRatio >= 0.6,
    `product list at ${(listRatio * 100).toFixed(0)}% of the bare baseline (target 60%)`,
  );
  line(idRatio >= 0.7, `product by id at ${(idRatio * 100).toFixed(0)}% of the bare baseline (target 70%)`);
  line(
    p50Small === 0 || p50Large <= 1.3 * p50Small,
    `list p50 ${p50Large} ms vs ${p50Small} ms at ${small.size.toLocaleString('en-US')} products (target at most 1.3x)`,
  );
  line(
    deep !== undefined && first !== undefined && deep.p50 <= first.p50,
    `deep page (after_id) p50 ${deep?.p50 ?? '?'} ms vs page 1 ${first?.p50 ?? '?'} ms (target no slower)`,
  );
  line(rss < 200, `server peak RSS ${rss} MB (target below 200 MB)`);
}

/**
 * `--workers 1,2` (or BENCH_WORKERS=1,2): the worker counts (WEB_CONCURRENCY) to compare; none for the classic
 * run against one process and the bare baseline.
 */
function workerCounts(): number[] {
  const { values } = parseArgs({ options: { workers: { type: 'string' } } });
  const raw = values.workers ?? process.env.BENCH_WORKERS ?? '';
  if (raw === '') return [];
  const counts = raw.split(',').map((count) => Number(count.trim()));
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 64)) {
    throw new Error(`--workers takes worker counts from 1 to 64, such as 1,2 (got "${raw}")`);
  }
  return counts;
}

const plural = (count: number) => `${count} worker${count === 1 ? '' : 's'}`;

/** The scenarios against `npm start` with each worker count in turn, side by side. */
async function benchWorkers(size: number, counts: number[]): Promise<void> {
  print(`\n## ${size.toLocaleString('en-US')} products\n`);
  const range = await prepareData(size);
  const logDir = mkdtempSync(path.join(tmpdir(), 'bench-workers-'));
  const runs: Row[][] = [];
  try {
    for (const count of counts) {
      const port = await freePort();
      const server = await startWorkers(port, count, SERVER_ENV, path.join(logDir, `server-${count}.log`));
      try {
        runs.push(await runScenarios(`http://127.0.0.1:${port}`, range));
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  compareTable(counts, runs);
}

/** Each worker count's req/s, p99 and failures side by side; a run with a failed request shows no req/s. */
function compareTable(counts: number[], runs: Row[][]): void {
  const heads = counts.flatMap((count) => [`req/s, ${plural(count)}`, 'p99 ms', 'failed']);
  print(`| route | ${heads.join(' | ')} |`);
  print(`|---|${heads.map(() => '---:').join('|')}|`);
  const failures: string[] = [];
  for (const [index, { name }] of (runs[0] ?? []).entries()) {
    const cells = runs.flatMap((rows, run) => {
      const row = rows[index];
      if (row === undefined) return ['-', '-', '-'];
      if (row.failed > 0) {
        failures.push(
          `${name}, ${plural(counts[run] ?? 0)}: ${row.failed} of ${row.ok + row.failed} requests failed`,
        );
      }
      return [row.failed > 0 ? 'FAILED' : String(row.rps), String(row.p99), String(row.failed)];
    });
    print(`| ${name} | ${cells.join(' | ')} |`);
  }
  if (failures.length > 0) {
    print('\nFAILED: these runs had failed requests, so their req/s do not count');
    for (const failure of failures) print(`- ${failure}`);
  }
}

async function main(): Promise<void> {
  const counts = workerCounts();
  const { db } = getConfig();
  print(
    `# npm run bench: ${db.name}, ${CONNECTIONS} connections, ${DURATION_S} s per route, sizes ${SIZES.join(', ')}` +
      (counts.length > 0 ? `, workers ${counts.join(', ')}` : ''),
  );
  await ensureDatabase(db);
  if (counts.length > 0) {
    for (const size of SIZES) await benchWorkers(size, counts);
  } else {
    const results: SizeResult[] = [];
    for (const size of SIZES) results.push(await benchSize(size));
    summarize(results);
  }
  await getSequelize().close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
