import { setTimeout as delay } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import type { Response } from 'supertest';
import { getConfig } from '../../src/config/env';
import { Product } from '../helpers/models';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createCategory, createProduct } from '../helpers/factories';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

// The test's own session, outside the app's pool: it holds the locks the app waits on, and kills the app's session.
let locker: mysql.Connection;

beforeEach(async () => {
  const { db } = getConfig();
  locker = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
  });
});

afterEach(async () => {
  await locker.end();
});

/** Kills the app's session once it is seen waiting in a statement on the product table. */
async function killSessionWaitingOnProducts(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [rows] = await locker.query<mysql.RowDataPacket[]>(
      `SELECT ID AS id FROM information_schema.PROCESSLIST
        WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE '%product%'`,
    );
    const waiting = rows[0] as { id: number } | undefined;
    if (waiting !== undefined) {
      await locker.query(`KILL CONNECTION ${waiting.id}`);
      return;
    }
    await delay(20);
  }
  throw new Error('the app never waited on the product table');
}

/** Starts the request now (supertest sends on then()), so that the test can act while it waits. */
const started = (request: PromiseLike<Response>): Promise<Response> =>
  new Promise((resolve, reject) => {
    request.then(resolve, reject);
  });

describe('when the database kills the session of a request mid-statement', () => {
  test('when a write waits on a row lock, responds 503 DATABASE_UNAVAILABLE with Retry-After and changes nothing', async () => {
    const admin = await signedInAs('admin');
    const product = await createProduct({ stock: 10, price: 5 });
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM product WHERE id = ? FOR UPDATE', [product.id]);

    const response = started(admin.put(`/api/products/${product.id}`).send({ price: 7, stock: 3 }));
    await killSessionWaitingOnProducts();
    await locker.query('ROLLBACK');

    const killed = await response;
    expectProblem(killed, 503, 'DATABASE_UNAVAILABLE');
    expect(killed.headers['retry-after']).toBe('5');
    const after = await Product.findByPk(product.id);
    expect({ price: after?.price, stock: after?.stock }).toEqual({ price: 5, stock: 10 });
    expect((await admin.put(`/api/products/${product.id}`).send({ price: 7 })).status).toBe(200);
  });

  // The product detail is read by mysql2 directly (a bare driver error); a category's embedded products go through
  // Sequelize (a DatabaseError wrapping it).
  test.each([
    ['the fast read path', (productId: number) => `/api/products/${productId}`],
    ['Sequelize', (_productId: number, categoryId: number) => `/api/categories/${categoryId}`],
  ])(
    'when a read through %s waits on a table lock, responds 503 DATABASE_UNAVAILABLE with Retry-After',
    async (_path, urlOf) => {
      const category = await createCategory();
      const product = await createProduct({ category_id: category.id });
      const url = urlOf(product.id, category.id);
      await locker.query('LOCK TABLES product WRITE');

      const response = started(api().get(url));
      await killSessionWaitingOnProducts();
      await locker.query('UNLOCK TABLES');

      const killed = await response;
      expectProblem(killed, 503, 'DATABASE_UNAVAILABLE');
      expect(killed.headers['retry-after']).toBe('5');
      expect((await api().get(url)).status).toBe(200);
      expect(await Product.count()).toBe(1);
    },
  );
});
