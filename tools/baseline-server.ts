import './bench-env';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { getConfig } from '../src/config/env';
import { errnoOf, isDeadlock } from '../src/database/errors';
import { MYSQL8_SQL_MODE } from '../src/database/sequelize';
import { TOKEN_PATTERN } from '../src/modules/customers/token.service';
import { planStockChange, stockStatus } from '../src/modules/inventory/stock-rules';
import { bestSalePrice } from '../src/modules/offers/offer-math';
import type { SaleOffer } from '../src/modules/offers/offer-math';
import { allowedTransitions } from '../src/modules/orders/order-status';
import { mergeLines, priceLines } from '../src/modules/orders/pricing';
import { CountCache } from '../src/shared/count-cache';
import { fromCents, toCents } from '../src/shared/money';
import { DEFAULT_PER_PAGE, buildKeysetLinkHeader, buildLinkHeader } from '../src/shared/pagination';
import { hrefFor } from '../src/shared/public-url';
import { toDateTime3 } from '../src/shared/sql';

/**
 * What the bench compares the API with: node:http and a mysql2 pool of the same size, with no framework,
 * validation or logging, answering each route the bench measures as the API does. Same status, headers (ETag
 * aside) and JSON, byte for byte; the same statements in the same sequence (what the API runs in parallel runs in
 * parallel here), the same count cache (COUNT_CACHE_MS), and for an order the same transaction, statement for
 * statement. Before measuring, the bench's self-check compares answers, statements and written rows; a change to
 * the API's SQL shows there until this file follows it. Only the routes and the success paths the bench uses are
 * here. The pure helpers (link headers, the count cache, stock and pricing rules) are the API's own, so that both
 * do the same arithmetic.
 */
const { db, port, countCacheMs, maxPendingOrders, orderLeadTimeDays, publicUrl } = getConfig();
const pool = mysql.createPool({
  host: db.host,
  port: db.port,
  user: db.user,
  password: db.password,
  database: db.name,
  connectionLimit: db.poolMax,
  decimalNumbers: true,
  timezone: 'Z',
});

// The session set-up Sequelize and the API run on each new connection.
pool.pool.on('connection', (connection) => {
  const report = (error: Error | null) => {
    if (error) process.stderr.write(`baseline: session set-up failed: ${error.message}\n`);
  };
  connection.query("SET time_zone = '+00:00'", report);
  connection.query(
    `SET SESSION sql_mode = '${MYSQL8_SQL_MODE}', innodb_lock_wait_timeout = ${db.lockWaitTimeoutS}`,
    report,
  );
  if (db.statementTimeoutMs > 0) {
    connection.query(`SET SESSION max_statement_time = ${db.statementTimeoutMs / 1000}`, (error) => {
      if (error) connection.query(`SET SESSION max_execution_time = ${db.statementTimeoutMs}`, report);
    });
  }
});

type Queryable = Pick<PoolConnection, 'query'>;

async function select<T>(sql: string, values: unknown[] = [], on: Queryable = pool): Promise<T[]> {
  const [rows] = await on.query<RowDataPacket[]>(sql, values);
  return rows as T[];
}

const counts = new CountCache(countCacheMs);

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const page = (items: unknown[], total: number, link: string): Answer => ({
  status: 200,
  body: items,
  headers: { 'X-Total-Count': String(total), Link: link },
});

interface ProductRow {
  id: number;
  product_name: string;
  price: number;
  stock: number;
  category_id: number | null;
  low_stock_threshold: number;
  restock_quantity: number;
  sku: string | null;
  category_name: string | null;
}

interface EmbeddedRow {
  group_id: number;
  id: number;
  product_name: string;
  price: number;
  stock: number;
  category_id: number | null;
}

const SELECT_PRODUCTS = `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, p.low_stock_threshold,
  p.restock_quantity, p.sku, c.category_name FROM product p LEFT JOIN category c ON c.id = p.category_id`;

/** The sales running at `now` that cover each product, and the lowest price they give (as the API's sale-prices). */
async function salePrices(
  products: ReadonlyArray<{ id: number; price: number }>,
  now: Date,
  on: Queryable = pool,
): Promise<Map<number, { sale_price: number; sale_ends_at: string }>> {
  const prices = new Map<number, { sale_price: number; sale_ends_at: string }>();
  if (products.length === 0) return prices;
  const at = toDateTime3(now);
  const rows = await select<{
    product_id: number;
    percent_off: number | null;
    amount_off: number | null;
    ends_at: Date;
  }>(
    `SELECT p.id AS product_id, s.percent_off, s.amount_off, s.ends_at FROM sale s JOIN product p ON p.id IN (?)
     WHERE s.ends_at > ? AND s.starts_at <= ? AND (s.target = 'catalog'
       OR (s.target = 'category' AND s.category_id = p.category_id)
       OR (s.target = 'tag' AND EXISTS (SELECT 1 FROM product_tag pt WHERE pt.product_id = p.id AND pt.tag_id = s.tag_id))
       OR (s.target = 'products' AND EXISTS (SELECT 1 FROM sale_product sp WHERE sp.sale_id = s.id AND sp.product_id = p.id)))`,
    [products.map((product) => product.id), at, at],
    on,
  );
  const offers = new Map<number, SaleOffer[]>();
  for (const row of rows) {
    const list = offers.get(row.product_id) ?? [];
    list.push({
      percent_off: row.percent_off,
      amount_off_cents: row.amount_off === null ? null : toCents(row.amount_off),
      ends_at: new Date(row.ends_at),
    });
    offers.set(row.product_id, list);
  }
  for (const product of products) {
    const list = offers.get(product.id);
    const best = list === undefined ? null : bestSalePrice(toCents(product.price), list);
    if (best !== null) {
      prices.set(product.id, {
        sale_price: fromCents(best.priceCents),
        sale_ends_at: best.endsAt.toISOString(),
      });
    }
  }
  return prices;
}

async function withTags(rows: Array<ProductRow & { price: number }>) {
  const tags = new Map(rows.map((row) => [row.id, [] as Array<{ id: number; tag_name: string }>]));
  const [links, sales] = await Promise.all([
    rows.length === 0
      ? []
      : select<{ product_id: number; id: number; tag_name: string }>(
          `SELECT pt.product_id, t.id, t.tag_name FROM product_tag pt JOIN tag t ON t.id = pt.tag_id
           WHERE pt.product_id IN (?) ORDER BY pt.product_id, t.id`,
          [[...tags.keys()]],
        ),
    salePrices(rows, new Date()),
  ]);
  for (const { product_id, id, tag_name } of links) tags.get(product_id)?.push({ id, tag_name });
  // Literals, as the API builds them (a rest copy of each row cost a list a quarter of its CPU).
  return rows.map((row) => ({
    id: row.id,
    product_name: row.product_name,
    price: row.price,
    stock: row.stock,
    category_id: row.category_id,
    low_stock_threshold: row.low_stock_threshold,
    restock_quantity: row.restock_quantity,
    sku: row.sku,
    sale_price: sales.get(row.id)?.sale_price ?? null,
    sale_ends_at: sales.get(row.id)?.sale_ends_at ?? null,
    category:
      row.category_id === null || row.category_name === null
        ? null
        : { id: row.category_id, category_name: row.category_name },
    tags: tags.get(row.id) ?? [],
  }));
}

/** Page 1 (no query), a keyset page (after_id) or a category (category_id): page, count unless cached, tags. */
async function listProducts(target: string, query: URLSearchParams): Promise<Answer> {
  const categoryId = query.get('category_id');
  const afterId = query.get('after_id');
  const where = categoryId === null ? '' : 'WHERE p.category_id = ?';
  const filter = categoryId === null ? [] : [Number(categoryId)];
  const keyset = afterId === null ? [] : [Number(afterId)];
  const pageWhere = afterId === null ? where : where === '' ? 'WHERE p.id > ?' : `${where} AND p.id > ?`;
  const countsSince = counts.generation;
  const rows = await select<ProductRow>(
    `${SELECT_PRODUCTS} ${pageWhere} ORDER BY p.id ASC LIMIT ? OFFSET 0`,
    [...filter, ...keyset, DEFAULT_PER_PAGE],
  );
  const countKey = `products ${where} ${JSON.stringify(filter)}`;
  const pageProvesTotal = afterId === null && rows.length < DEFAULT_PER_PAGE;
  const total = pageProvesTotal
    ? rows.length
    : await counts.remember(countKey, async () => {
        const [row] = await select<{ total: number }>(
          `SELECT COUNT(*) AS total FROM product p ${where}`,
          filter,
        );
        return row?.total ?? 0;
      });
  if (pageProvesTotal) counts.set(countKey, total, countsSince);
  const last = rows.at(-1);
  const link =
    afterId === null
      ? buildLinkHeader(target, { page: 1, per_page: DEFAULT_PER_PAGE }, total, publicUrl)
      : buildKeysetLinkHeader(
          target,
          DEFAULT_PER_PAGE,
          rows.length === DEFAULT_PER_PAGE ? last?.id : undefined,
          publicUrl,
        );
  return page(await withTags(rows), total, link);
}

async function getProduct(id: number): Promise<Answer> {
  const [product] = await withTags(await select<ProductRow>(`${SELECT_PRODUCTS} WHERE p.id = ?`, [id]));
  if (product === undefined) throw new Refusal(404, `Product ${id} does not exist`);
  return { status: 200, body: product };
}

interface LockedProduct {
  id: number;
  product_name: string;
  price: number;
  stock: number;
  low_stock_threshold: number;
  restock_quantity: number;
}

const LOCKED_COLUMNS = 'id, product_name, price, stock, low_stock_threshold, restock_quantity';

async function getStockLevel(id: number): Promise<Answer> {
  const [product] = await select<LockedProduct>(`SELECT ${LOCKED_COLUMNS} FROM product WHERE id = ?`, [id]);
  if (product === undefined) throw new Refusal(404, `Product ${id} does not exist`);
  const { stock, low_stock_threshold, restock_quantity } = product;
  return {
    status: 200,
    body: {
      product_id: id,
      stock,
      low_stock_threshold,
      restock_quantity,
      status: stockStatus(stock, low_stock_threshold),
    },
  };
}

interface Group {
  table: 'category' | 'tag';
  nameField: 'category_name' | 'tag_name';
  /** The first 100 products (by id) of the group whose id is the first placeholder. */
  productsSql: string;
  countSql: string;
}

const EMBEDDED_COLUMNS = 'p.id, p.product_name, p.price, p.stock, p.category_id';
const EMBEDDED_LIMIT = 100;

const GROUPS = new Map<string, Group>([
  [
    '/api/categories',
    {
      table: 'category',
      nameField: 'category_name',
      productsSql: `SELECT p.category_id AS group_id, ${EMBEDDED_COLUMNS} FROM product p WHERE p.category_id = ? ORDER BY p.id LIMIT ?`,
      countSql:
        'SELECT category_id AS group_id, COUNT(*) AS total FROM product WHERE category_id IN (?) GROUP BY category_id',
    },
  ],
  [
    '/api/tags',
    {
      table: 'tag',
      nameField: 'tag_name',
      productsSql: `SELECT pt.tag_id AS group_id, ${EMBEDDED_COLUMNS} FROM product_tag pt JOIN product p ON p.id = pt.product_id WHERE pt.tag_id = ? ORDER BY pt.product_id LIMIT ?`,
      countSql:
        'SELECT tag_id AS group_id, COUNT(*) AS total FROM product_tag WHERE tag_id IN (?) GROUP BY tag_id',
    },
  ],
]);

/** Page 1 of categories or tags: the page and the group count, then (in parallel) their products and the uncached counts. */
async function listGroups(group: Group, target: string): Promise<Answer> {
  const [rows, [count]] = await Promise.all([
    select<{ id: number; name: string }>(
      `SELECT id, ${group.nameField} AS name FROM ${group.table} ORDER BY id LIMIT ? OFFSET 0`,
      [DEFAULT_PER_PAGE],
    ),
    select<{ total: number }>(`SELECT COUNT(*) AS total FROM ${group.table}`),
  ]);
  const ids = rows.map((row) => row.id);
  const countKey = (id: number) => `${group.countSql} ${id}`;
  const countsSince = counts.generation;
  const productCounts = new Map<number, number>();
  for (const id of ids) {
    const cached = counts.get(countKey(id));
    if (cached !== undefined) productCounts.set(id, cached);
  }
  const uncounted = ids.filter((id) => !productCounts.has(id));
  const [products, counted] = await Promise.all([
    ids.length === 0
      ? []
      : select<EmbeddedRow>(
          ids.map(() => `(${group.productsSql})`).join(' UNION ALL '),
          ids.flatMap((id) => [id, EMBEDDED_LIMIT]),
        ),
    uncounted.length === 0 ? [] : select<{ group_id: number; total: number }>(group.countSql, [uncounted]),
  ]);
  for (const id of uncounted) productCounts.set(id, 0);
  for (const { group_id, total } of counted) productCounts.set(group_id, total);
  for (const id of uncounted) counts.set(countKey(id), productCounts.get(id) ?? 0, countsSince);
  const byGroup = new Map(ids.map((id) => [id, [] as object[]]));
  for (const row of products) {
    byGroup.get(row.group_id)?.push({
      id: row.id,
      product_name: row.product_name,
      price: row.price,
      stock: row.stock,
      category_id: row.category_id,
    });
  }
  const items = rows.map(({ id, name }) => ({
    id,
    [group.nameField]: name,
    product_count: productCounts.get(id) ?? 0,
    products: byGroup.get(id) ?? [],
  }));
  const total = count?.total ?? 0;
  return page(
    items,
    total,
    buildLinkHeader(target, { page: 1, per_page: DEFAULT_PER_PAGE }, total, publicUrl),
  );
}

interface Session {
  customer_id: number;
  role: 'admin' | 'customer';
}

/** The API's lookup of a bearer token, on every request that sends one. */
async function findSession(header: string): Promise<Session> {
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
  if (token === undefined || !TOKEN_PATTERN.test(token)) throw new Refusal(401, 'The token is invalid');
  const [session] = await select<Session>(
    `SELECT t.id AS token_id, a.id AS account_id, a.customer_id, a.role, t.created_at
     FROM auth_token t JOIN account a ON a.id = t.account_id
     WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?`,
    [createHash('sha256').update(token).digest('hex'), toDateTime3(new Date())],
  );
  if (session === undefined) throw new Refusal(401, 'The token is invalid, expired or revoked');
  return session;
}

/** Thrown when a product's name or price changed between the read that priced an order and its lock. */
class ProductChanged extends Error {}

/** One READ COMMITTED transaction, run again after a deadlock or a changed product, as the API does. */
async function inTransaction<T>(work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const connection = await pool.getConnection();
    try {
      await connection.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await connection.query('START TRANSACTION');
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      if (attempt >= 5 || !(isDeadlock(error) || error instanceof ProductChanged)) throw error;
    } finally {
      connection.release();
    }
    await delay(Math.floor(Math.random() * 20 * attempt));
  }
}

async function readItems(req: IncomingMessage): Promise<Array<{ product_id: number; quantity: number }>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const items: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'items') : undefined;
  if (!Array.isArray(items)) throw new Refusal(400, 'items must be a list');
  return items.map((item: unknown) => ({
    product_id: Number(Reflect.get(Object(item), 'product_id')),
    quantity: Number(Reflect.get(Object(item), 'quantity')),
  }));
}

const addDays = (date: Date, days: number) =>
  new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

type Line = ReturnType<typeof mergeLines>[number];

/** Each line with its product and unit price; an unknown product is a 422, a short line a 409. */
function matchLines(
  requested: Line[],
  products: LockedProduct[],
  sales: Map<number, { sale_price: number }> = new Map(),
) {
  const byId = new Map(products.map((product) => [product.id, product]));
  return requested.map((line) => {
    const product = byId.get(line.product_id);
    if (product === undefined) throw new Refusal(422, `Product ${line.product_id} does not exist`);
    if (product.stock < line.quantity) throw new Refusal(409, `Not enough stock for product ${product.id}`);
    return { ...line, product, unitPriceCents: toCents(sales.get(product.id)?.sale_price ?? product.price) };
  });
}

/**
 * placeOrder for a customer without an Idempotency-Key, statement for statement: lock the customer and count its
 * pending orders (up to the cap); read and price the products without a lock; write the order and the first step
 * of its timeline; lock the products (id order) and check that names and prices did not change; then the lines,
 * the stock levels in one UPDATE and their ledger rows (with any automatic restock) in one INSERT.
 */
async function placeOrder(req: IncomingMessage, session: Session): Promise<Answer> {
  const requested = mergeLines(await readItems(req));
  const ids = requested.map((line) => line.product_id);
  const customerId = session.customer_id;
  const { order, inStockChanged } = await inTransaction(async (connection) => {
    const run = <T>(sql: string, values: unknown[]) => select<T>(sql, values, connection);
    if (session.role !== 'admin') {
      await run('SELECT id FROM customer WHERE id = ? FOR UPDATE', [customerId]);
      const [capped] = await run<{ pending: number }>(
        `SELECT COUNT(*) AS pending FROM (
           SELECT 1 FROM orders WHERE customer_id = ? AND status = 'pending' LIMIT ?
         ) AS capped`,
        [customerId, maxPendingOrders],
      );
      if ((capped?.pending ?? 0) >= maxPendingOrders) throw new Refusal(409, 'Too many pending orders');
    }
    const now = new Date();
    const products = await run<LockedProduct>(`SELECT ${LOCKED_COLUMNS} FROM product WHERE id IN (?)`, [ids]);
    const priced = matchLines(requested, products, await salePrices(products, now, connection));
    const { lines, totalCents } = priceLines(priced);
    const at = toDateTime3(now);
    const expectedDeliveryDate = addDays(now, orderLeadTimeDays);
    const total = fromCents(totalCents);
    const [inserted] = await connection.query<ResultSetHeader>(
      `INSERT INTO orders (customer_id, status, order_date, expected_delivery_date, subtotal, discount_total,
         coupon_code, total, created_at, updated_at)
       VALUES (?, 'pending', ?, ?, ?, 0, NULL, ?, ?, ?)`,
      [customerId, at, expectedDeliveryDate, total, total, at, at],
    );
    const orderId = inserted.insertId;
    await connection.query(
      `INSERT INTO order_status_event (order_id, from_status, to_status, note, at)
       VALUES (?, NULL, 'pending', 'order placed', ?)`,
      [orderId, at],
    );
    const locked = matchLines(
      requested,
      await run<LockedProduct>(
        `SELECT ${LOCKED_COLUMNS} FROM product WHERE id IN (?) ORDER BY id FOR UPDATE`,
        [ids],
      ),
    );
    const changed = locked.some(({ product }, index) => {
      const before = priced[index]?.product;
      return product.price !== before?.price || product.product_name !== before.product_name;
    });
    if (changed) throw new ProductChanged();
    const items = lines.map(({ product, quantity, unitPriceCents, lineTotalCents }) => ({
      product_id: product.id,
      product_name: product.product_name,
      unit_price: fromCents(unitPriceCents),
      quantity,
      line_total: fromCents(lineTotalCents),
      discount: 0,
    }));
    await connection.query(
      'INSERT INTO order_item (order_id, product_id, product_name, unit_price, quantity, line_total, discount) VALUES ?',
      [
        items.map((item) => [
          orderId,
          item.product_id,
          item.product_name,
          item.unit_price,
          item.quantity,
          item.line_total,
          item.discount,
        ]),
      ],
    );
    const levels: Array<[id: number, stock: number]> = [];
    const movements: unknown[][] = [];
    let emptiedOrRefilled = false;
    for (const { product, quantity } of [...locked].sort((a, b) => a.product.id - b.product.id)) {
      const plan = planStockChange(product, -quantity, 'order');
      if (plan === null) throw new Refusal(409, `Not enough stock for product ${product.id}`);
      if (plan.finalStock > 0 !== product.stock > 0) emptiedOrRefilled = true;
      levels.push([product.id, plan.finalStock]);
      for (const { delta, reason, stock_after } of plan.movements) {
        const note =
          reason === 'auto_restock' ? `stock fell to ${plan.movements[0]?.stock_after ?? 0}` : null;
        movements.push([product.id, delta, reason, `order:${orderId}`, note, stock_after]);
      }
    }
    await connection.query(
      `UPDATE product SET stock = CASE id ${levels.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (?)`,
      [...levels.flat(), levels.map(([id]) => id)],
    );
    const createdAt = toDateTime3(new Date());
    await connection.query(
      'INSERT INTO stock_movement (product_id, delta, reason, reference, note, stock_after, created_at) VALUES ?',
      [movements.map((movement) => [...movement, createdAt])],
    );
    const iso = now.toISOString();
    return {
      order: {
        id: orderId,
        customer_id: customerId,
        status: 'pending',
        order_date: iso,
        expected_delivery_date: expectedDeliveryDate,
        carrier: null,
        tracking_number: null,
        items,
        subtotal: total,
        discount_total: 0,
        coupon_code: null,
        total,
        allowed_transitions: allowedTransitions('pending'),
        created_at: iso,
        updated_at: iso,
      },
      inStockChanged: emptiedOrRefilled,
    };
  });
  // A product emptied or refilled moves in or out of in_stock: the API drops its counts after the commit.
  if (inStockChanged) counts.clear();
  return { status: 201, body: order, headers: { Location: hrefFor(`/api/orders/${order.id}`, publicUrl) } };
}

async function answer(req: IncomingMessage, target: string, url: URL): Promise<Answer> {
  const session =
    req.headers.authorization === undefined ? undefined : await findSession(req.headers.authorization);
  const path = url.pathname;
  if (req.method === 'POST' && path === '/api/orders') {
    if (session === undefined) throw new Refusal(401, 'Log in');
    return placeOrder(req, session);
  }
  if (req.method !== 'GET') throw new Refusal(405, `${req.method ?? ''} is not served here`);
  if (path === '/readyz') {
    await pool.query('SELECT 1');
    return { status: 200, body: { status: 'ready' } };
  }
  if (path === '/api/products') return listProducts(target, url.searchParams);
  const group = GROUPS.get(path);
  if (group !== undefined) return listGroups(group, target);
  const product = /^\/api\/products\/(\d+)(\/stock)?$/.exec(path);
  if (product?.[1] !== undefined) {
    const id = Number(product[1]);
    return product[2] === undefined ? getProduct(id) : getStockLevel(id);
  }
  throw new Refusal(404, `No route for ${req.method} ${path}`);
}

// The headers the API sets on every JSON answer (src/shared/http.ts, src/app.ts): its security headers, no-store
// for personal data, CORS for any origin with the exposed headers.
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-site',
};
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'X-Total-Count,Link,Location,X-Request-Id,Retry-After,WWW-Authenticate,RateLimit,RateLimit-Policy',
};
const PERSONAL_PATHS = /^\/api\/(auth|customers|accounts|orders)(\/|$)/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Database errors as the API maps them for these routes: a lock wait or a timeout is a 503, anything else a 500. */
const failure = (error: unknown): Answer =>
  error instanceof Refusal
    ? { status: error.status, body: { status: error.status, detail: error.message } }
    : [1205, 1969, 3024].includes(errnoOf(error) ?? 0)
      ? { status: 503, body: { status: 503, detail: 'busy' } }
      : { status: 500, body: { status: 500, detail: 'internal' } };

createServer((req, res) => {
  const target = req.url ?? '/';
  const url = new URL(target, 'http://localhost');
  const send = ({ status, body, headers }: Answer) => {
    const json = JSON.stringify(body);
    const incomingId = req.headers['x-request-id'];
    res.writeHead(status, {
      'X-Request-Id':
        typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID(),
      ...SECURITY_HEADERS,
      ...(PERSONAL_PATHS.test(url.pathname) || req.headers.authorization !== undefined
        ? { 'Cache-Control': 'no-store' }
        : {}),
      ...CORS_HEADERS,
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(json)),
    });
    res.end(json);
  };
  answer(req, target, url).then(send, (error: unknown) => {
    send(failure(error));
  });
}).listen(port, '127.0.0.1');
