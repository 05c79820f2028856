import './bench-env';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { getConfig } from '../src/config/env';

/**
 * The raw limit the bench compares against: node:http and a mysql2 pool of the same size, hand-written SQL, the
 * same JSON as the API's product list and product by id, and nothing else (no framework, validation, auth,
 * logging or counting).
 */
const { db, port } = getConfig();
const pool = mysql.createPool({
  host: db.host,
  port: db.port,
  user: db.user,
  password: db.password,
  database: db.name,
  connectionLimit: db.poolMax,
  decimalNumbers: true,
});

const PRODUCT_SQL = `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, p.low_stock_threshold, p.restock_quantity,
  c.category_name FROM product p LEFT JOIN category c ON c.id = p.category_id`;

interface ProductRow extends RowDataPacket {
  id: number;
  category_id: number | null;
  category_name: string | null;
}

interface TagRow extends RowDataPacket {
  product_id: number;
  id: number;
  tag_name: string;
}

async function withTags(rows: ProductRow[]) {
  const ids = rows.map((row) => row.id);
  const tags = ids.length
    ? (
        await pool.query<TagRow[]>(
          'SELECT pt.product_id, t.id, t.tag_name FROM product_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.product_id IN (?) ORDER BY pt.product_id, t.id',
          [ids],
        )
      )[0]
    : [];
  return rows.map(({ category_name, ...product }) => ({
    ...product,
    category: product.category_id === null ? null : { id: product.category_id, category_name },
    tags: tags
      .filter((tag) => tag.product_id === product.id)
      .map((tag) => ({ id: tag.id, tag_name: tag.tag_name })),
  }));
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
};

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const byId = /^\/api\/products\/(\d+)$/.exec(url.pathname);
  const work =
    url.pathname === '/api/products'
      ? pool.query<ProductRow[]>(`${PRODUCT_SQL} ORDER BY p.id LIMIT 20`).then(([rows]) => withTags(rows))
      : byId
        ? pool

            .query<ProductRow[]>(`${PRODUCT_SQL} WHERE p.id = ?`, [Number(byId[1])])
            .then(([rows]) => withTags(rows))
            .then((products) => products[0])
        : Promise.resolve(undefined);
  work
    .then((body) => {
      if (url.pathname === '/readyz') send(res, 200, { status: 'ready' });
      else if (body === undefined) send(res, 404, { error: 'not found' });
      else send(res, 200, body);
    })
    .catch(() => {
      send(res, 500, { error: 'internal' });
    });
}).listen(port, '127.0.0.1');
