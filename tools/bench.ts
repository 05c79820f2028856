import './bench-env';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
import { summarizeProfile } from './cpu-profile';
import { startStatementCounter } from './statement-counter';
import type { StatementCounter } from './statement-counter';
import {
  freePort,
  peakRssMb,
  serverNodeFlags,
  startServer,
  startWorkers,
  stopServer,
} from './server-process';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);

/** The targets: ratios against the baseline (or the app itself) in the same run, and counts. No absolute times. */
const MIN_RATIO_TO_BASELINE = 0.75;
const MIN_HOT_TO_RANDOM = 0.8;
const MAX_PEAK_RSS_MB = 150;

const print = (line = '') => process.stdout.write(`${line}\n`);

interface Scenario {
  name: string;
  path: string;
  options?: Partial<autocannon.Options>;
}

interface Row {
  name: string;
  rps: number;
  p99: number;
  failed: number;
  /** Why the row failed (non-2xx answers, errors, timeouts), when any request did. */
  failure: string | undefined;
}

async function measure(baseUrl: string, scenario: Scenario): Promise<Row> {
  const result: autocannon.Result = await autocannon({
    url: `${baseUrl}${scenario.path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...scenario.options,
  });
  // autocannon counts a timeout among its errors as well.
  const failed = result.non2xx + result.errors;
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count = 0 }]) => `${count} x ${status}`);
  if (result.errors > 0) statuses.push(`${result.errors} errors (${result.timeouts} timeouts)`);
  return {
    name: scenario.name,
    rps: Math.round(result.requests.average),
    p99: result.latency.p99,
    failed,
    failure:
      failed === 0
        ? undefined
        : `${failed} of ${result['2xx'] + failed} requests failed: ${statuses.join(', ')}`,
  };
}

interface Customer {
  token: string;
  customerId: number;
}

async function login(baseUrl: string, username: string): Promise<Customer> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-password-1` }),
  });
  const body: unknown = await response.json();
  const field = (object: unknown, name: string): unknown =>
    typeof object === 'object' && object !== null ? Reflect.get(object, name) : undefined;
  const token = field(body, 'token');
  const customerId = field(field(body, 'customer'), 'id');
  if (typeof token !== 'string' || typeof customerId !== 'number') {
    throw new Error(`login as ${username} failed: ${response.status}`);
  }
  return { token, customerId };
}

/**
 * `count` customers registered through `baseUrl`, each with a token: the order scenarios spread their requests
 * over them, as a shop's orders come from many customers (one customer's orders queue on its row lock, which the
 * pending-order cap takes).
 */
async function registerShoppers(baseUrl: string, prefix: string, count: number): Promise<Customer[]> {
  const shoppers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const username = `${prefix}${String(i)}`;
    const response = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: `Bench Shopper ${String(i)}`,
        email: `${username}@bench.example`,
        username,
        password: `${username}-password-1`,
      }),
    });
    if (response.status !== 201) throw new Error(`registering ${username} failed: ${response.status}`);
    shoppers.push(await login(baseUrl, username));
  }
  return shoppers;
}

const SHOPPERS = 20;

type ProductRange = { firstId: number; lastId: number };

/** The seeded catalog plus generated products, with stock that restocks itself so orders never run out. */
async function prepareData(size: number): Promise<ProductRange> {
  await seedAll();
  await generateData({ products: Math.max(0, size - 5), customers: 0, orders: 0 }, () => undefined);
  await getSequelize().query(
    `INSERT INTO stock_movement (product_id, delta, reason, reference, note, stock_after, created_at)
     SELECT id, 1000000, 'adjustment', 'bench', 'bench stock', stock + 1000000, NOW(3) FROM product`,
  );
  await getSequelize().query(
    'UPDATE product SET stock = stock + 1000000, low_stock_threshold = 1000, restock_quantity = 1000000',
  );
  const [range] = await getSequelize().query<ProductRange>(
    'SELECT MIN(id) AS firstId, MAX(id) AS lastId FROM product',
    { type: QueryTypes.SELECT },
  );
  return range ?? { firstId: 1, lastId: 1 };
}

const randomIdIn =
  ({ firstId, lastId }: ProductRange) =>
  () =>
    firstId + Math.floor(Math.random() * (lastId - firstId + 1));

/** Each request of the scenario goes to `pathOf` a random product id. */
const atRandomProducts = (range: ProductRange, pathOf: (id: number) => string) => {
  const randomId = randomIdIn(range);
  return {
    requests: [
      {
        method: 'GET' as const,
        setupRequest: (req: autocannon.Request) => ({ ...req, path: pathOf(randomId()) }),
      },
    ],
  };
};

/** The catalog reads; `path` is also what the self-check fetches. */
const catalogScenarios = (range: ProductRange): Scenario[] => [
  { name: 'product list, page 1', path: '/api/products' },
  { name: 'product list, keyset page (after_id)', path: `/api/products?after_id=${range.lastId - 40}` },
  { name: 'product list, category filter', path: '/api/products?category_id=3' },
  {
    name: 'product by id',
    path: `/api/products/${range.firstId}`,
    options: atRandomProducts(range, (id) => `/api/products/${id}`),
  },
  { name: 'categories', path: '/api/categories' },
  { name: 'tags', path: '/api/tags' },
  {
    name: 'stock level',
    path: `/api/products/${range.firstId}/stock`,
    options: atRandomProducts(range, (id) => `/api/products/${id}/stock`),
  },
];

const RANDOM_ORDERS = 'place an order (random products)';
const HOT_ORDERS = 'place an order (one hot product)';

function orderScenarios(range: ProductRange, shoppers: Customer[]): Scenario[] {
  const randomId = randomIdIn(range);
  let next = 0;
  // Each request as the next shopper in turn.
  const asShopper = (req: autocannon.Request, body: string): autocannon.Request => {
    const shopper = shoppers[next++ % shoppers.length];
    return {
      ...req,
      headers: {
        ...req.headers,
        'Content-Type': 'application/json',
        Authorization: `Bearer ${shopper?.token ?? ''}`,
      },
      body,
    };
  };
  const hotBody = JSON.stringify({ items: [{ product_id: range.firstId, quantity: 1 }] });
  return [
    {
      name: RANDOM_ORDERS,
      path: '/api/orders',
      options: {
        requests: [
          {
            method: 'POST',
            setupRequest: (req) =>
              asShopper(
                req,
                JSON.stringify({
                  items: [
                    { product_id: randomId(), quantity: 1 },
                    { product_id: randomId(), quantity: 2 },
                  ],
                }),
              ),
          },
        ],
      },
    },
    {
      name: HOT_ORDERS,
      path: '/api/orders',
      options: { requests: [{ method: 'POST', setupRequest: (req) => asShopper(req, hotBody) }] },
    },
  ];
}

async function measureAll(baseUrl: string, scenarios: Scenario[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of scenarios) rows.push(await measure(baseUrl, scenario));
  return rows;
}

// The bench measures throughput, not the limits: one address sends everything, and one customer places
// thousands of unpaid orders.
const SERVER_ENV = {
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '0',
  MAX_PENDING_ORDERS: '1000000',
  SWEEP_INTERVAL_SECONDS: '0',
};

interface Reply {
  status: number;
  headers: Map<string, string>;
  body: string;
  /** What the statements the server sent the database to answer did, sorted (parallel ones arrive in any order). */
  statements: string[];
}

async function fetchReply(server: Server, path: string, init?: RequestInit): Promise<Reply> {
  const before = server.counter?.statements.length ?? 0;
  const response = await fetch(`${server.url}${path}`, init);
  const body = await response.text();
  const statements = server.counter?.statements.slice(before).sort() ?? [];
  return { status: response.status, headers: new Map(response.headers), body, statements };
}

/** Headers whose values differ between two correct answers; the baseline sends no ETag at all. */
const VARYING_HEADERS = ['x-request-id', 'date', 'etag'];

function firstDifference(app: string, baseline: string): string {
  let at = 0;
  while (at < app.length && app[at] === baseline[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 40), at + 40));
  return `from character ${at}: app ${around(app)}, baseline ${around(baseline)}`;
}

/** The items of `kinds` that `others` lacks, repeats counted. */
function unmatched(kinds: string[], others: string[]): string[] {
  const left = [...others];
  return kinds.filter((kind) => {
    const index = left.indexOf(kind);
    if (index !== -1) left.splice(index, 1);
    return index === -1;
  });
}

/** How the baseline's answer differs from the app's: status, header names and values, body, statements. */
function differences(
  route: string,
  app: Reply,
  baseline: Reply,
  varying: string[] = VARYING_HEADERS,
): string[] {
  const problems: string[] = [];
  if (app.status !== baseline.status) {
    problems.push(`${route}: status ${app.status} from the app, ${baseline.status} from the baseline`);
  }
  const names = (reply: Reply) => [...reply.headers.keys()].filter((name) => name !== 'etag').join(', ');
  if (names(app) !== names(baseline)) {
    problems.push(`${route}: headers [${names(app)}] from the app, [${names(baseline)}] from the baseline`);
  }
  for (const [name, value] of app.headers) {
    const other = baseline.headers.get(name);
    // Content-Length differs with the bodies, which are compared below.
    const skipped = varying.includes(name) || (name === 'content-length' && app.body !== baseline.body);
    if (!skipped && other !== undefined && other !== value) {
      problems.push(`${route}: ${name} "${value}" from the app, "${other}" from the baseline`);
    }
  }
  if (app.body !== baseline.body) {
    problems.push(`${route}: bodies differ ${firstDifference(app.body, baseline.body)}`);
  }
  if (app.statements.join() !== baseline.statements.join()) {
    const only = (one: Reply, other: Reply) =>
      unmatched(one.statements, other.statements).join(', ') || 'none';
    problems.push(
      `${route}: ${app.statements.length} statements from the app, ${baseline.statements.length} from the ` +
        `baseline (only the app's: ${only(app, baseline)}; only the baseline's: ${only(baseline, app)})`,
    );
  }
  return problems;
}

/** An order answer with what legitimately differs (its id, its customer, its moments) replaced by placeholders. */
function comparableOrder(reply: Reply, customerId: number): Reply {
  if (reply.status !== 201) return reply;
  const order = JSON.parse(reply.body) as Record<string, unknown>;
  const moment = '{moment}';
  return {
    ...reply,
    headers: new Map(
      [...reply.headers].map(([name, value]) => [
        name,
        name === 'location' ? value.replace(/\/\d+$/, '/{id}') : value,
      ]),
    ),
    body: JSON.stringify({
      ...order,
      id: '{id}',
      customer_id: order.customer_id === customerId ? '{customer}' : order.customer_id,
      order_date: moment,
      created_at: moment,
      updated_at: moment,
    }),
  };
}

/**
 * Everything an order wrote, without ids, moments and stock levels (which legitimately differ between two
 * orders): the order, its lines, its ledger rows (numbers in notes masked) and its timeline.
 */
async function orderFootprint(placed: Reply): Promise<string> {
  const orderId = Number(Reflect.get(JSON.parse(placed.body) as object, 'id'));
  const rows = (sql: string) =>
    getSequelize().query(sql, {
      replacements: { id: orderId, reference: `order:${orderId}` },
      type: QueryTypes.SELECT,
    });
  return JSON.stringify({
    order: await rows(
      'SELECT status, expected_delivery_date, carrier, tracking_number, subtotal, discount_total, coupon_code, total FROM orders WHERE id = :id',
    ),
    items: await rows(
      'SELECT product_id, product_name, unit_price, quantity, line_total, discount FROM order_item WHERE order_id = :id ORDER BY id',
    ),
    ledger: await rows(
      "SELECT product_id, delta, reason, REGEXP_REPLACE(note, '[0-9]+', '#') AS note FROM stock_movement WHERE reference = :reference ORDER BY id",
    ),
    timeline: await rows(
      'SELECT from_status, to_status, note FROM order_status_event WHERE order_id = :id ORDER BY id',
    ),
  });
}

interface Server {
  url: string;
  process: ChildProcess;
  /** Records the statements the server sends (self-check only: the proxy costs CPU). */
  counter?: StatementCounter;
}

/** Who places the orders on each server: their own customers, so that neither counts the other's pending orders. */
interface Customers {
  app: Customer;
  baseline: Customer;
}

/** Places the same order on both servers, each as its own customer; how the answers and the rows differ. */
async function compareOrders(
  app: Server,
  baseline: Server,
  customers: Customers,
  items: Array<{ product_id: number; quantity: number }>,
): Promise<{ problems: string[]; appRows: string }> {
  const place = (server: Server, { token }: Customer) =>
    fetchReply(server, '/api/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ items }),
    });
  const route = `POST /api/orders ${JSON.stringify(items)}`;
  const [fromApp, fromBaseline] = [
    await place(app, customers.app),
    await place(baseline, customers.baseline),
  ];
  const problems = differences(
    route,
    comparableOrder(fromApp, customers.app.customerId),
    comparableOrder(fromBaseline, customers.baseline.customerId),
    [...VARYING_HEADERS, 'content-length'],
  );
  if (fromApp.status !== 201) problems.push(`${route}: status ${fromApp.status} from the app`);
  if (fromApp.status !== 201 || fromBaseline.status !== 201) return { problems, appRows: '' };
  const [appRows, baselineRows] = [await orderFootprint(fromApp), await orderFootprint(fromBaseline)];
  if (appRows !== baselineRows) {
    problems.push(`${route}: the rows written differ ${firstDifference(appRows, baselineRows)}`);
  }
  return { problems, appRows };
}

/**
 * Before anything is measured: each catalog route twice from both servers, which must answer the same after the
 * same statements; then the same orders on each (the hot product's; two lines, one product twice and restocked
 * automatically), whose answers, statements and rows must be the same but for ids and moments.
 */
async function selfCheck(
  app: Server,
  baseline: Server,
  customers: Customers,
  range: ProductRange,
): Promise<string[]> {
  const problems: string[] = [];
  // Twice: the first read fills the count caches, the second must use them.
  for (const read of ['first', 'second']) {
    for (const { path: route } of catalogScenarios(range)) {
      const [fromApp, fromBaseline] = [await fetchReply(app, route), await fetchReply(baseline, route)];
      problems.push(...differences(`GET ${route} (${read} read)`, fromApp, fromBaseline));
      if (fromApp.status !== 200) problems.push(`GET ${route}: status ${fromApp.status} from the app`);
    }
  }
  problems.push(
    ...(await compareOrders(app, baseline, customers, [{ product_id: range.firstId, quantity: 1 }])).problems,
  );
  // A threshold above any stock the bench reaches: an order restocks this product.
  const restocked = range.lastId;
  const setThreshold = (threshold: number) =>
    getSequelize().query('UPDATE product SET low_stock_threshold = :threshold WHERE id = :id', {
      replacements: { threshold, id: restocked },
    });
  await setThreshold(500_000_000);
  try {
    const { problems: restockProblems, appRows } = await compareOrders(app, baseline, customers, [
      { product_id: restocked, quantity: 1 },
      { product_id: range.firstId + 1, quantity: 2 },
      { product_id: restocked, quantity: 1 },
    ]);
    problems.push(...restockProblems);
    if (appRows !== '' && !appRows.includes('auto_restock')) {
      problems.push(`the self-check's order did not restock product ${restocked} automatically`);
    }
  } finally {
    await setThreshold(1000);
  }
  return problems;
}

/** What must hold after any number of orders, each a count of the rows that break it. */
const INVARIANTS: Array<[string, string]> = [
  ['products with negative stock', 'SELECT COUNT(*) AS n FROM product WHERE stock < 0'],
  ['ledger rows below zero', 'SELECT COUNT(*) AS n FROM stock_movement WHERE stock_after < 0'],
  [
    'products whose stock is not the sum of their ledger',
    `SELECT COUNT(*) AS n FROM product p
     LEFT JOIN (SELECT product_id, SUM(delta) AS total FROM stock_movement GROUP BY product_id) m ON m.product_id = p.id
     WHERE p.stock <> COALESCE(m.total, 0)`,
  ],
  [
    'products whose last ledger row does not end at their stock',
    `SELECT COUNT(*) AS n FROM product p
     JOIN stock_movement m ON m.id = (SELECT MAX(id) FROM stock_movement WHERE product_id = p.id)
     WHERE m.stock_after <> p.stock`,
  ],
  [
    'orders whose subtotal or total is not the sum of their lines',
    `SELECT COUNT(*) AS n FROM orders o
     LEFT JOIN (SELECT order_id, SUM(line_total) AS subtotal, SUM(line_total - discount) AS total
                FROM order_item GROUP BY order_id) i ON i.order_id = o.id
     WHERE o.subtotal <> COALESCE(i.subtotal, 0) OR o.total <> COALESCE(i.total, 0)
        OR o.total <> o.subtotal - o.discount_total`,
  ],
  [
    'order lines whose total is not price x quantity',
    'SELECT COUNT(*) AS n FROM order_item WHERE line_total <> unit_price * quantity',
  ],
];

/**
 * Order lines whose stock was not taken exactly once: each line's quantity against the sum of its `order` ledger
 * rows. Matched here rather than in SQL, where joining the two groupings on a computed reference took 35 s at
 * 100,000 products (no index on stock_movement.reference, which nothing else needs).
 */
async function linesNotTakenOnce(): Promise<number> {
  const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });
  const taken = new Map<string, number>();
  for (const row of await select<{ reference: string; product_id: number; taken: number | string }>(
    `SELECT reference, product_id, -SUM(delta) AS taken FROM stock_movement WHERE reason = 'order'
     GROUP BY reference, product_id`,
  )) {
    taken.set(`${row.reference} ${row.product_id}`, Number(row.taken));
  }
  const lines = await select<{ order_id: number; product_id: number | null; quantity: number }>(
    'SELECT order_id, product_id, quantity FROM order_item',
  );
  return lines.filter(
    (line) => (taken.get(`order:${line.order_id} ${String(line.product_id)}`) ?? 0) !== line.quantity,
  ).length;
}

/** The broken invariants, as "<count> <what>"; empty when every one holds. */
async function brokenInvariants(): Promise<string[]> {
  const broken: string[] = [];
  const counts: Array<[string, number]> = [];
  for (const [what, sql] of INVARIANTS) {
    const [row] = await getSequelize().query<{ n: number }>(sql, { type: QueryTypes.SELECT });
    counts.push([what, row?.n ?? 0]);
  }
  counts.push(['order lines whose stock was not taken exactly once', await linesNotTakenOnce()]);
  for (const [what, count] of counts) if (count > 0) broken.push(`${count} ${what}`);
  return broken;
}

interface Pair {
  app: Row;
  baseline: Row;
}

interface Target {
  met: boolean;
  text: string;
}

const missed = (text: string): Target => ({ met: false, text });

const times = (ratio: number) => `${ratio.toFixed(2)}x`;

function ratioTarget({ app, baseline }: Pair): Target {
  if (app.failure !== undefined) return missed(`${app.name}: on the app, ${app.failure}`);
  if (baseline.failure !== undefined || baseline.rps === 0) {
    return missed(`${app.name}: on the baseline, ${baseline.failure ?? 'no request answered'}`);
  }
  const ratio = app.rps / baseline.rps;
  return {
    met: ratio >= MIN_RATIO_TO_BASELINE,
    text: `${app.name} at ${times(ratio)} the baseline (target ${times(MIN_RATIO_TO_BASELINE)})`,
  };
}

function hotTarget(random: Row | undefined, hot: Row | undefined): Target {
  if (
    random === undefined ||
    hot === undefined ||
    random.failure !== undefined ||
    hot.failure !== undefined ||
    random.rps === 0
  ) {
    return missed('orders on one hot product vs random products: a run failed, so there is no ratio');
  }
  const ratio = hot.rps / random.rps;
  return {
    met: ratio >= MIN_HOT_TO_RANDOM,
    text: `orders on one hot product at ${times(ratio)} the rate on random products (target ${times(MIN_HOT_TO_RANDOM)})`,
  };
}

function printTable(pairs: Pair[]): void {
  print('| route | app req/s | baseline req/s | ratio | p99 app ms | failed |');
  print('|---|---:|---:|---:|---:|---:|');
  for (const { app, baseline } of pairs) {
    const ratio = baseline.rps > 0 ? times(app.rps / baseline.rps) : '-';
    const failed =
      app.failed + baseline.failed === 0
        ? '0'
        : `${app.failed + baseline.failed} (app ${app.failed}, baseline ${baseline.failed})`;
    print(`| ${app.name} | ${app.rps} | ${baseline.rps} | ${ratio} | ${app.p99} | ${failed} |`);
  }
}

/** A server on a free port; `counted`, it reaches the database through a statement counter. */
async function launch(env: Record<string, string>, counted: boolean, nodeArgs?: string[]): Promise<Server> {
  const { db } = getConfig();
  const counter = counted ? await startStatementCounter(db.host, db.port) : undefined;
  const port = await freePort();
  const through: Record<string, string> =
    counter === undefined ? {} : { DB_HOST: '127.0.0.1', DB_PORT: String(counter.port) };
  try {
    return {
      url: `http://127.0.0.1:${port}`,
      process: await startServer(port, { ...env, ...through }, nodeArgs),
      counter,
    };
  } catch (error) {
    counter?.close();
    throw error;
  }
}

async function stop(server: Server): Promise<void> {
  await stopServer(server.process);
  server.counter?.close();
}

/** The app and the baseline, up together. */
async function withServers<T>(
  counted: boolean,
  work: (app: Server, baseline: Server) => Promise<T>,
): Promise<T> {
  // One process, whatever WEB_CONCURRENCY .env sets: the targets are per process.
  const app = await launch({ ...SERVER_ENV, WEB_CONCURRENCY: '1' }, counted);
  try {
    // With npm start's V8 flags too, so that the ratios compare code, not heap settings.
    const baseline = await launch(SERVER_ENV, counted, [
      ...serverNodeFlags(),
      '-r',
      'ts-node/register/transpile-only',
      'tools/baseline-server.ts',
    ]);
    try {
      return await work(app, baseline);
    } finally {
      await stop(baseline);
    }
  } finally {
    await stop(app);
  }
}

interface SizeRun {
  selfCheckProblems: string[];
  /** The broken invariants after the self-check's two orders, after the app's orders, after the baseline's. */
  broken: { selfCheck: string[]; app: string[]; baseline: string[] };
  /** Every route, the catalog reads then the orders. */
  pairs: Pair[];
  orderCount: number;
  peakRss: number | undefined;
}

/**
 * The self-check on a pair of servers whose statements are recorded, then the measurements on a fresh pair (route
 * by route, the app then the baseline) and the invariants after each one's orders.
 */
async function runSize(range: ProductRange): Promise<SizeRun> {
  const { shoppers, selfCheckProblems } = await withServers(true, async (app, baseline) => {
    const both = { app: await login(app.url, 'alice'), baseline: await login(app.url, 'bob') };
    const shoppers = {
      app: await registerShoppers(app.url, 'app_shopper_', SHOPPERS),
      baseline: await registerShoppers(app.url, 'base_shopper_', SHOPPERS),
    };
    return { shoppers, selfCheckProblems: await selfCheck(app, baseline, both, range) };
  });
  const afterSelfCheck = await brokenInvariants();
  return withServers(false, async (app, baseline) => {
    const pairs: Pair[] = [];
    for (const scenario of catalogScenarios(range)) {
      pairs.push({ app: await measure(app.url, scenario), baseline: await measure(baseline.url, scenario) });
    }
    // The app's orders, the invariants, then the baseline's orders (whose rows must keep them too).
    const appOrders = await measureAll(app.url, orderScenarios(range, shoppers.app));
    const afterApp = await brokenInvariants();
    const baselineOrders = await measureAll(baseline.url, orderScenarios(range, shoppers.baseline));
    const afterBaseline = await brokenInvariants();
    for (const [index, row] of appOrders.entries()) {
      const other = baselineOrders[index];
      if (other !== undefined) pairs.push({ app: row, baseline: other });
    }
    const [orders] = await getSequelize().query<{ n: number }>('SELECT COUNT(*) AS n FROM orders', {
      type: QueryTypes.SELECT,
    });
    return {
      selfCheckProblems,
      broken: { selfCheck: afterSelfCheck, app: afterApp, baseline: afterBaseline },
      pairs,
      orderCount: orders?.n ?? 0,
      peakRss: peakRssMb(app.process.pid),
    };
  });
}

/** Every target of one size. Each writer is judged on a state that kept every invariant before it. */
function judge({ selfCheckProblems, broken, pairs, orderCount, peakRss }: SizeRun): Target[] {
  const selfCheckClean = selfCheckProblems.length + broken.selfCheck.length === 0;
  const appRow = (name: string) => pairs.find((pair) => pair.app.name === name)?.app;
  return [
    ...selfCheckProblems.map((problem) => missed(`self-check: ${problem}`)),
    ...(broken.selfCheck.length > 0
      ? [missed(`self-check: after its orders, ${broken.selfCheck.join(', ')}`)]
      : []),
    ...(selfCheckClean
      ? [
          {
            met: true,
            text: 'self-check: the baseline answers every route as the app does, with the same statements, and writes the same rows',
          },
        ]
      : []),
    ...(broken.selfCheck.length + broken.app.length === 0 && broken.baseline.length > 0
      ? [missed(`self-check: after the baseline's orders, ${broken.baseline.join(', ')}`)]
      : []),
    ...pairs.map(ratioTarget),
    hotTarget(appRow(RANDOM_ORDERS), appRow(HOT_ORDERS)),
    broken.selfCheck.length > 0
      ? missed("after the app's orders: not judged, the invariants were broken before them")
      : broken.app.length > 0
        ? missed(`after the app's orders: ${broken.app.join(', ')}`)
        : {
            met: true,
            text: `after the app's orders: no oversell or negative stock, every stock the sum of its ledger, every order total the sum of its lines (${orderCount} orders in all)`,
          },
    {
      met: peakRss !== undefined && peakRss < MAX_PEAK_RSS_MB,
      text: `server peak RSS ${peakRss ?? 'unknown'} MB (target below ${MAX_PEAK_RSS_MB} MB)`,
    },
  ];
}

/** One size: its table and its targets; returns how many targets it missed. */
async function benchSize(size: number): Promise<number> {
  print(`\n## ${size.toLocaleString('en-US')} products\n`);
  const run = await runSize(await prepareData(size));
  printTable(run.pairs);
  const targets = judge(run);
  print(`\n### Targets, ${size.toLocaleString('en-US')} products\n`);
  for (const { met, text } of targets) print(`- ${met ? 'met' : 'MISSED'}: ${text}`);
  return targets.filter((target) => !target.met).length;
}

const cliOptions = () =>
  parseArgs({
    options: { workers: { type: 'string' }, profile: { type: 'boolean' }, floor: { type: 'boolean' } },
  }).values;

/**
 * `--workers 1,2` (or BENCH_WORKERS=1,2): the worker counts (WEB_CONCURRENCY) to compare; none for the classic
 * run against one process and the bare baseline.
 */
function workerCounts(): number[] {
  const raw = cliOptions().workers ?? process.env.BENCH_WORKERS ?? '';
  if (raw === '') return [];
  const counts = raw.split(',').map((count) => Number(count.trim()));
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 64)) {
    throw new Error(`--workers takes worker counts from 1 to 64, such as 1,2 (got "${raw}")`);
  }
  return counts;
}

const plural = (count: number) => `${count} worker${count === 1 ? '' : 's'}`;

/** The scenarios against `npm start` with each worker count in turn, side by side; returns the failed runs. */
async function benchWorkers(size: number, counts: number[]): Promise<number> {
  print(`\n## ${size.toLocaleString('en-US')} products\n`);
  const range = await prepareData(size);
  const logDir = mkdtempSync(path.join(tmpdir(), 'bench-workers-'));
  const runs: Row[][] = [];
  try {
    for (const count of counts) {
      const port = await freePort();
      const server = await startWorkers(port, count, SERVER_ENV, path.join(logDir, `server-${count}.log`));
      try {
        const url = `http://127.0.0.1:${port}`;
        const shoppers = await registerShoppers(url, `workers${String(count)}_shopper_`, SHOPPERS);
        runs.push(await measureAll(url, [...catalogScenarios(range), ...orderScenarios(range, shoppers)]));
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  return compareTable(counts, runs);
}

/** Each worker count's req/s, p99 and failures side by side; a run with a failed request shows no req/s. */
function compareTable(counts: number[], runs: Row[][]): number {
  const heads = counts.flatMap((count) => [`req/s, ${plural(count)}`, 'p99 ms', 'failed']);
  print(`| route | ${heads.join(' | ')} |`);
  print(`|---|${heads.map(() => '---:').join('|')}|`);
  const failures: string[] = [];
  for (const [index, { name }] of (runs[0] ?? []).entries()) {
    const cells = runs.flatMap((rows, run) => {
      const row = rows[index];
      if (row === undefined) return ['-', '-', '-'];
      if (row.failure !== undefined) failures.push(`${name}, ${plural(counts[run] ?? 0)}: ${row.failure}`);
      return [row.failed > 0 ? 'FAILED' : String(row.rps), String(row.p99), String(row.failed)];
    });
    print(`| ${name} | ${cells.join(' | ')} |`);
  }
  if (failures.length > 0) {
    print('\nFAILED: these runs had failed requests, so their req/s do not count');
    for (const failure of failures) print(`- ${failure}`);
  }
  return failures.length;
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/**
 * `--profile`: each route against its own app server run with `node --cpu-prof`, then where that server's time
 * went while it served the route: its CPU per request, and its self time by package, Node subsystem and app
 * folder (the first second, start-up, is left out). No baseline and no targets: this finds the cost, the normal
 * run judges it.
 */
async function profileSize(size: number): Promise<number> {
  print(`\n## ${size.toLocaleString('en-US')} products: where the server's time goes (node --cpu-prof)\n`);
  const range = await prepareData(size);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
  let failures = 0;
  try {
    const registrar = await launch({ ...SERVER_ENV, WEB_CONCURRENCY: '1' }, false);
    const shoppers = await registerShoppers(registrar.url, 'profile_shopper_', SHOPPERS).finally(() =>
      stop(registrar),
    );
    const scenarios = [...catalogScenarios(range), ...orderScenarios(range, shoppers)];
    for (const [index, scenario] of scenarios.entries()) {
      const profileDir = path.join(dir, String(index));
      const startedAt = Date.now();
      const app = await launch({ ...SERVER_ENV, WEB_CONCURRENCY: '1' }, false, [
        ...serverNodeFlags(),
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        'dist/src/server.js',
      ]);
      const readyMs = Date.now() - startedAt;
      let row: Row;
      try {
        // An idle second between start-up and the load, where the profile is cut.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        row = await measure(app.url, scenario);
      } finally {
        await stop(app);
      }
      const [file] = readdirSync(profileDir);
      if (file === undefined) throw new Error(`no profile was written for ${scenario.name}`);
      const summary = summarizeProfile(path.join(profileDir, file), { skipFirstMs: readyMs + 500 });
      const requests = row.rps * DURATION_S;
      if (row.failed > 0) failures++;
      print(
        `### ${scenario.name}: ${row.failed > 0 ? `FAILED (${row.failure ?? ''})` : `${row.rps} req/s`}, ` +
          `${(summary.busyMs / Math.max(1, requests)).toFixed(3)} ms of server CPU per request\n`,
      );
      print(
        `- by package or part: ${summary.buckets.map((bucket) => `${bucket.name} ${percent(bucket.share)}`).join(', ')}`,
      );
      print(
        `- top functions: ${summary.functions.map((fn) => `${fn.name} ${percent(fn.share)}`).join(', ')}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

/**
 * `--floor`: what Express alone costs. Product by id and stock level served by the app's own services with nothing
 * around them, once by bare node:http and once by Express 5 with just those routes (tools/framework-floor-server.ts),
 * beside the app and the baseline. No targets: it says how close to the baseline any Express app can come.
 */
async function floorSize(size: number): Promise<number> {
  print(`\n## ${size.toLocaleString('en-US')} products: the framework's floor\n`);
  const range = await prepareData(size);
  const routes = catalogScenarios(range).filter(
    (scenario) => scenario.name === 'product by id' || scenario.name === 'stock level',
  );
  const floorServer = (mode: string) =>
    launch(SERVER_ENV, false, [
      ...serverNodeFlags(),
      '-r',
      'ts-node/register/transpile-only',
      'tools/framework-floor-server.ts',
      mode,
    ]);
  const columns: Array<[string, () => Promise<Server>]> = [
    ['node:http + services', () => floorServer('http')],
    ['Express + services', () => floorServer('express')],
    ['the app', () => launch({ ...SERVER_ENV, WEB_CONCURRENCY: '1' }, false)],
  ];
  const results: Row[][] = [];
  for (const [, start] of columns) {
    const server = await start();
    try {
      results.push(await measureAll(server.url, routes));
    } finally {
      await stop(server);
    }
  }
  print(`| route | ${columns.map(([name]) => `${name} req/s`).join(' | ')} | Express / node:http |`);
  print(`|---|${columns.map(() => '---:').join('|')}|---:|`);
  let failed = 0;
  for (const [index, { name }] of routes.entries()) {
    const rows = results.map((run) => run[index]);
    failed += rows.filter((row) => row === undefined || row.failed > 0).length;
    const [bare, withExpress] = rows;
    const ratio = bare !== undefined && withExpress !== undefined ? withExpress.rps / bare.rps : 0;
    const cells = rows.map((row) => (row === undefined || row.failed > 0 ? 'FAILED' : String(row.rps)));
    print(`| ${name} | ${cells.join(' | ')} | ${times(ratio)} |`);
  }
  return failed;
}

async function main(): Promise<void> {
  if (cliOptions().floor === true) {
    const { db } = getConfig();
    print(`# npm run bench -- --floor: ${db.name}, ${CONNECTIONS} connections, ${DURATION_S} s per route`);
    await ensureDatabase(db);
    let failed = 0;
    for (const size of SIZES) failed += await floorSize(size);
    await getSequelize().close();
    if (failed > 0) process.exitCode = 1;
    return;
  }
  if (cliOptions().profile === true) {
    const { db } = getConfig();
    print(`# npm run bench -- --profile: ${db.name}, ${CONNECTIONS} connections, ${DURATION_S} s per route`);
    await ensureDatabase(db);
    let failed = 0;
    for (const size of SIZES) failed += await profileSize(size);
    await getSequelize().close();
    if (failed > 0) process.exitCode = 1;
    return;
  }
  const counts = workerCounts();
  const { db } = getConfig();
  print(
    `# npm run bench: ${db.name}, ${CONNECTIONS} connections, ${DURATION_S} s per route, sizes ${SIZES.join(', ')}` +
      (counts.length > 0 ? `, workers ${counts.join(', ')}` : ''),
  );
  await ensureDatabase(db);
  let missed = 0;
  for (const size of SIZES)
    missed += counts.length > 0 ? await benchWorkers(size, counts) : await benchSize(size);
  await getSequelize().close();
  if (missed > 0) {
    print(`\n${missed} ${counts.length > 0 ? 'failed runs' : 'targets MISSED'}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
