import type mysql from 'mysql2/promise';
import type { Sequelize } from 'sequelize';
import { getConfig } from '../../src/config/env';
import { createMigrator, migrateToLatest, migrationStatus } from '../../src/database/migrator';
import { createSequelize, getSequelize } from '../../src/database/sequelize';
import { findSchemaMismatches } from '../../src/database/schema-check';
import { connectToTestServer, recreateDatabase, schemaSnapshot } from '../helpers/schema-snapshot';
import { freePort, runScript, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// Each test builds databases of its own beside this worker's test database (<worker db>_<purpose>); global
// setup drops them with the rest at the next run.
const base = getConfig().db;
const databaseName = (purpose: string) => `${base.name}_${purpose}`;

let server: mysql.Connection;
const instances: Sequelize[] = [];
const processes: RunningServer[] = [];

const connectTo = (name: string) => {
  const instance = createSequelize({ ...base, name, poolMax: 5 });
  instances.push(instance);
  return instance;
};

beforeAll(async () => {
  server = await connectToTestServer();
});

afterAll(async () => {
  for (const running of processes) running.child.kill('SIGKILL');
  for (const instance of instances) await instance.close();
  await server.end();
  await getSequelize().close();
});

describe('the migrations and the models describe one schema', () => {
  test('a database built by the migrations equals one built by sync() from the models', async () => {
    const migrated = databaseName('migrated');
    const synced = databaseName('synced');
    await recreateDatabase(server, migrated);
    await migrateToLatest(connectTo(migrated));
    await recreateDatabase(server, synced);
    const sync = await runScript('tests/helpers/sync-models.ts', [], { DB_NAME: synced });
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);

    const fromMigrations = await schemaSnapshot(server, migrated);
    expect(fromMigrations.tables.length).toBeGreaterThanOrEqual(13);
    expect(fromMigrations.indexes.join('\n')).toContain('FULLTEXT');
    expect(fromMigrations).toEqual(await schemaSnapshot(server, synced));
  }, 60_000);

  test('the start-up check names the table and column of every difference from the models', async () => {
    const name = databaseName('drifted');
    await recreateDatabase(server, name);
    const instance = connectTo(name);
    await migrateToLatest(instance);
    const models = Object.values(getSequelize().models);
    expect(await findSchemaMismatches(instance, models)).toEqual([]);

    await instance.query('ALTER TABLE product DROP INDEX product_sku_unique, DROP COLUMN sku');
    await instance.query('ALTER TABLE orders MODIFY total DECIMAL(10,0) NOT NULL');
    await instance.query('ALTER TABLE customer MODIFY name VARCHAR(100) NULL');
    await instance.query('DROP TABLE login_failure');

    expect((await findSchemaMismatches(instance, models)).sort()).toEqual(
      [
        'table customer: column name is NULL, the model expects NOT NULL',
        'table login_failure is missing',
        'table orders: column total is decimal(10,0), the model expects decimal(10,2)',
        'table product: column sku is missing',
        'table product: index product_sku_unique is missing',
      ].sort(),
    );
  });

  test('the start-up check asks for the FULLTEXT index under SEARCH_MODE=fulltext only', async () => {
    const name = databaseName('fulltext');
    await recreateDatabase(server, name);
    const instance = connectTo(name);
    await migrateToLatest(instance);
    const models = Object.values(getSequelize().models);
    await instance.query('ALTER TABLE product DROP INDEX product_name_fulltext');

    expect(await findSchemaMismatches(instance, models, { searchMode: 'prefix' })).toEqual([]);
    expect(await findSchemaMismatches(instance, models, { searchMode: 'fulltext' })).toEqual([
      expect.stringMatching(/^table product: index product_name_fulltext is missing \(.*SEARCH_MODE=prefix/),
    ]);
  });
});

describe('the FULLTEXT index migration', () => {
  test('on a database whose first migration already made the index (before it moved), it changes nothing', async () => {
    const name = databaseName('fulltext_before');
    await recreateDatabase(server, name);
    const instance = connectTo(name);
    const migrator = createMigrator(instance);
    const [first] = (await migrator.pending()).map((migration) => migration.name);
    await migrator.up({ to: first });
    // What the first migration did before the index moved out of it.
    await instance.query('ALTER TABLE product ADD FULLTEXT INDEX product_name_fulltext (product_name)');
    await migrateToLatest(instance);

    const fresh = databaseName('fulltext_fresh');
    await recreateDatabase(server, fresh);
    await migrateToLatest(connectTo(fresh));
    expect(await schemaSnapshot(server, name)).toEqual(await schemaSnapshot(server, fresh));
  }, 60_000);
});

/** Every row of every table, with dates as the server prints them, keyed by table. */
async function dataSnapshot(name: string): Promise<Record<string, Array<Record<string, unknown>>>> {
  const [tables] = await server.query<mysql.RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'schema\\_migration%' ORDER BY TABLE_NAME`,
    [name],
  );
  const snapshot: Record<string, Array<Record<string, unknown>>> = {};
  for (const { name: table } of tables as Array<{ name: string }>) {
    const [rows] = await server.query<mysql.RowDataPacket[]>({
      sql: `SELECT * FROM \`${name}\`.\`${table}\` ORDER BY id`,
      dateStrings: true,
    });
    snapshot[table] = rows.map((row) => ({ ...row }));
  }
  return snapshot;
}

/** A shop's data as the first migration's schema holds it: catalog, a customer with an account, an order. */
const FIRST_SCHEMA_ROWS = [
  "INSERT INTO category (id, category_name) VALUES (1, 'Shirts'), (2, 'Hats')",
  "INSERT INTO tag (id, tag_name) VALUES (1, 'red'), (2, 'cotton')",
  `INSERT INTO product (id, product_name, price, stock, category_id, low_stock_threshold, restock_quantity)
     VALUES (1, 'Tee', 14.99, 8, 1, 5, 0), (2, 'Cap', 22.50, 3, 2, 2, 10)`,
  'INSERT INTO product_tag (id, product_id, tag_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1)',
  `INSERT INTO customer (id, name, email, phone_number, created_at, updated_at)
     VALUES (1, 'Ann Lee', 'ann@example.com', '+1 555-0100', '2026-01-02 03:04:05.678', '2026-01-02 03:04:05.678')`,
  `INSERT INTO account (id, customer_id, username, password_hash, role, created_at, updated_at)
     VALUES (1, 1, 'ann', 'scrypt$16384$8$5$c2FsdA$aGFzaA', 'customer', '2026-01-02 03:04:05.678',
             '2026-01-02 03:04:05.678')`,
  `INSERT INTO auth_token (id, account_id, token_hash, expires_at, revoked_at, created_at)
     VALUES (1, 1, REPEAT('a', 64), '2026-01-03 03:04:05.678', NULL, '2026-01-02 03:04:05.678')`,
  `INSERT INTO login_failure (id, username, client_address, failed_at)
     VALUES (1, 'ann', '127.0.0.1', '2026-01-02 03:00:00.000')`,
  `INSERT INTO orders (id, customer_id, status, order_date, expected_delivery_date, carrier, tracking_number,
                       total, created_at, updated_at)
     VALUES (1, 1, 'shipped', '2026-01-02 04:00:00.000', '2026-01-07', 'UPS', '1Z999', 52.48,
             '2026-01-02 04:00:00.000', '2026-01-02 05:00:00.000')`,
  `INSERT INTO order_item (id, order_id, product_id, product_name, unit_price, quantity, line_total)
     VALUES (1, 1, 1, 'Tee', 14.99, 2, 29.98), (2, 1, 2, 'Cap', 22.50, 1, 22.50)`,
  `INSERT INTO order_status_event (id, order_id, from_status, to_status, note, at)
     VALUES (1, 1, NULL, 'pending', NULL, '2026-01-02 04:00:00.000'),
            (2, 1, 'pending', 'paid', NULL, '2026-01-02 04:30:00.000'),
            (3, 1, 'paid', 'shipped', 'UPS 1Z999', '2026-01-02 05:00:00.000')`,
  `INSERT INTO stock_movement (id, product_id, delta, reason, reference, note, stock_after, created_at)
     VALUES (1, 1, 10, 'initial', 'seed', NULL, 10, '2026-01-01 00:00:00.000'),
            (2, 2, 4, 'initial', 'seed', NULL, 4, '2026-01-01 00:00:00.000'),
            (3, 1, -2, 'order', 'order:1', NULL, 8, '2026-01-02 04:00:00.000'),
            (4, 2, -1, 'order', 'order:1', NULL, 3, '2026-01-02 04:00:00.000')`,
  `INSERT INTO idempotency_key (id, account_id, idempotency_key, request_hash, order_id, expires_at, created_at)
     VALUES (1, 1, 'checkout-1', REPEAT('b', 64), 1, '2026-01-03 04:00:00.000', '2026-01-02 04:00:00.000')`,
];

describe('upgrading a database that holds data', () => {
  test('from the first migration up to the latest keeps every row, and down brings the first schema back', async () => {
    const name = databaseName('upgrade');
    await recreateDatabase(server, name);
    const instance = connectTo(name);
    const migrator = createMigrator(instance);
    const all = (await migrator.pending()).map((migration) => migration.name);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const [first, second] = all as [string, string];

    await migrator.up({ to: first });
    for (const statement of FIRST_SCHEMA_ROWS) await instance.query(statement);
    const schemaAtFirst = await schemaSnapshot(server, name);
    const rowsAtFirst = await dataSnapshot(name);
    expect(Object.values(rowsAtFirst).every((rows) => rows.length > 0)).toBe(true);

    expect(await migrateToLatest(instance)).toEqual(all.slice(1));
    const upgraded = await dataSnapshot(name);
    for (const [table, rows] of Object.entries(rowsAtFirst)) {
      // Each row is still there with every value it had; new columns may be added beside them.
      expect(upgraded[table]).toEqual(rows.map((row) => expect.objectContaining(row)));
    }
    expect(upgraded.product?.map((row) => row.sku)).toEqual([null, null]);
    // An order placed before offers existed: its subtotal is its total, with no coupon and no discount.
    expect(upgraded.orders).toEqual([
      expect.objectContaining({
        total: '52.48',
        subtotal: '52.48',
        discount_total: '0.00',
        coupon_code: null,
      }),
    ]);
    expect(upgraded.order_item?.map((row) => row.discount)).toEqual(['0.00', '0.00']);
    // The new column works on the upgraded data, and the models agree with the upgraded schema.
    await instance.query("UPDATE product SET sku = 'TEE-1' WHERE id = 1");
    expect(await findSchemaMismatches(instance, Object.values(getSequelize().models))).toEqual([]);

    await migrator.down({ to: second });
    expect((await migrationStatus(instance)).applied.map((migration) => migration.name)).toEqual([first]);
    expect(await schemaSnapshot(server, name)).toEqual(schemaAtFirst);
    expect(await dataSnapshot(name)).toEqual(rowsAtFirst);
  }, 60_000);
});

describe('npm start on an empty database', () => {
  test('with SEARCH_MODE=prefix: migrates without a FULLTEXT index, starts, and searches by prefix', async () => {
    const name = databaseName('prefix');
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    const running = spawnServer({ DB_NAME: name, SEARCH_MODE: 'prefix' }, await freePort());
    processes.push(running);
    await waitForStatus(`${running.url}/readyz`, 200, 60_000);

    const [fulltext] = await server.query<mysql.RowDataPacket[]>(
      "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_TYPE = 'FULLTEXT'",
      [name],
    );
    expect(fulltext).toEqual([]);
    await server.query(
      `INSERT INTO \`${name}\`.product (product_name, price, stock, low_stock_threshold, restock_quantity)
       VALUES ('Vintage Cotton Shirt', 20, 0, 0, 0), ('Cotton Socks', 5, 0, 0, 0)`,
    );
    // MATCH ... AGAINST would fail here: the table has no FULLTEXT index to match with.
    const response = await fetch(`${running.url}/api/products?q=${encodeURIComponent('cot shi')}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Array<{ product_name: string }>).map((p) => p.product_name)).toEqual([
      'Vintage Cotton Shirt',
    ]);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 90_000);

  test('two servers starting at once: exactly one applies the migrations, once, and both serve', async () => {
    const name = databaseName('lock');
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    const env = { DB_NAME: name, LOG_LEVEL: 'info' };
    const pair = [spawnServer(env, await freePort()), spawnServer(env, await freePort())];
    processes.push(...pair);
    await Promise.all(pair.map((running) => waitForStatus(`${running.url}/readyz`, 200, 60_000)));

    const migrated = pair.filter((running) => running.output().includes('migration(s)'));
    const current = pair.filter((running) => running.output().includes('database schema is up to date'));
    expect([migrated.length, current.length]).toEqual([1, 1]);
    const instance = connectTo(name);
    const { applied, pending } = await migrationStatus(instance);
    expect(pending).toEqual([]);
    for (const { name: migration } of applied) expect(migrated[0]?.output()).toContain(migration);
    for (const running of pair) {
      const response = await fetch(`${running.url}/api/products`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([]);
    }
    for (const running of pair) running.child.kill('SIGTERM');
    expect(await Promise.all(pair.map((running) => running.exited))).toEqual([0, 0]);
  }, 90_000);
});
