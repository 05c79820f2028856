import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { QueryTypes } from 'sequelize';
import type { QueryInterface, Sequelize } from 'sequelize';
import { Umzug } from 'umzug';
import type { UmzugStorage } from 'umzug';
import { errnoOf } from './errors';

/** db/migrations, from src/database (ts-node, Jest) and from dist/src/database (the build) alike. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '../../db/migrations');

/** What the runner keeps in the database besides the schema itself. */
export const MIGRATION_TABLES = ['schema_migration', 'schema_migration_lock'] as const;

const ER_LOCK_WAIT_TIMEOUT = 1205;
const LOCK_WAIT_LIMIT_MS = 15 * 60_000;

export interface MigrationLog {
  info(message: string): void;
}

const silent: MigrationLog = { info: () => undefined };

/** The record of what ran: one row per applied migration, named without its .ts/.js extension. */
function tableStorage(sequelize: Sequelize): UmzugStorage<QueryInterface> {
  const ensureTable = () =>
    sequelize.query(
      'CREATE TABLE IF NOT EXISTS schema_migration (name VARCHAR(255) NOT NULL PRIMARY KEY, ' +
        'applied_at DATETIME(3) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  return {
    async logMigration({ name }) {
      await ensureTable();
      await sequelize.query('INSERT INTO schema_migration (name, applied_at) VALUES (?, UTC_TIMESTAMP(3))', {
        replacements: [name],
      });
    },
    async unlogMigration({ name }) {
      await ensureTable();
      await sequelize.query('DELETE FROM schema_migration WHERE name = ?', { replacements: [name] });
    },
    async executed() {
      await ensureTable();
      const rows = await sequelize.query<{ name: string }>(
        'SELECT name FROM schema_migration ORDER BY name',
        {
          type: QueryTypes.SELECT,
        },
      );
      return rows.map((row) => row.name);
    },
  };
}

/**
 * An umzug runner over db/migrations with Sequelize's QueryInterface. The same migration is `x.ts` under ts-node
 * and `x.js` in the build; it is recorded as `x`, so a database migrated by one is current for the other.
 */
export function createMigrator(sequelize: Sequelize, log: MigrationLog = silent): Umzug<QueryInterface> {
  return new Umzug<QueryInterface>({
    migrations: {
      glob: ['*.{ts,js}', { cwd: MIGRATIONS_DIR, ignore: ['*.d.ts'] }],
      resolve: (params) => ({
        ...Umzug.defaultResolver(params),
        name: params.name.replace(/\.(ts|js)$/, ''),
      }),
    },
    context: sequelize.getQueryInterface(),
    storage: tableStorage(sequelize),
    logger: {
      info: (event) => {
        const { event: kind, name } = event as { event?: string; name?: string };
        if (kind === 'migrated' || kind === 'reverted') log.info(`${kind} ${String(name)}`);
      },
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    },
  });
}

/**
 * Runs `work` while holding the migration lock: a row lock (SELECT ... FOR UPDATE) on the one row of
 * schema_migration_lock, held by a transaction on a connection of its own, outside the pool. Any MySQL-compatible
 * server has row locks (GET_LOCK is missing on clusters), a second process waits on the row until the first
 * commits, and a process that dies mid-migration loses its connection and so its lock: nothing stale is left.
 * Migrations run on the pool's connections: their DDL commits implicitly, which must not end the lock's transaction.
 */
export async function withMigrationLock<T>(
  sequelize: Sequelize,
  work: () => Promise<T>,
  log: MigrationLog = silent,
): Promise<T> {
  await sequelize.query(
    'CREATE TABLE IF NOT EXISTS schema_migration_lock (id TINYINT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB',
  );
  await sequelize.query('INSERT IGNORE INTO schema_migration_lock (id) VALUES (1)');
  const { host, port, username, password, database } = sequelize.config;
  const connection = await mysql.createConnection({
    host,
    port: Number(port),
    user: username,
    password: password ?? '',
    database,
    connectTimeout: 5_000,
  });
  try {
    await connection.query('START TRANSACTION');
    const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;
    for (let waited = false; ;) {
      try {
        await connection.query('SELECT id FROM schema_migration_lock WHERE id = 1 FOR UPDATE');
        break;
      } catch (error) {
        // A lock-wait timeout ends only the statement; the transaction lives on and asks again.
        if (errnoOf(error) !== ER_LOCK_WAIT_TIMEOUT || Date.now() > deadline) throw error;
        if (!waited) log.info('another process is migrating the database; waiting for it to finish');
        waited = true;
        await delay(100);
      }
    }
    const result = await work();
    await connection.query('COMMIT');
    return result;
  } finally {
    // Closing the connection releases the lock whatever state its transaction was left in.
    await connection.end().catch(() => undefined);
  }
}

/** Applies every pending migration under the lock; returns the names applied (none when already current). */
export async function migrateToLatest(sequelize: Sequelize, log: MigrationLog = silent): Promise<string[]> {
  return withMigrationLock(
    sequelize,
    async () => (await createMigrator(sequelize, log).up()).map((migration) => migration.name),
    log,
  );
}

/** Reverts the last applied migration under the lock; returns its name, or undefined when none was applied. */
export async function revertLastMigration(
  sequelize: Sequelize,
  log: MigrationLog = silent,
): Promise<string | undefined> {
  return withMigrationLock(
    sequelize,
    async () => (await createMigrator(sequelize, log).down())[0]?.name,
    log,
  );
}

export interface MigrationStatus {
  applied: Array<{ name: string; applied_at: Date }>;
  pending: string[];
}

export async function migrationStatus(sequelize: Sequelize): Promise<MigrationStatus> {
  const migrator = createMigrator(sequelize);
  const pending = (await migrator.pending()).map((migration) => migration.name);
  const applied = await sequelize.query<{ name: string; applied_at: Date }>(
    'SELECT name, applied_at FROM schema_migration ORDER BY name',
    { type: QueryTypes.SELECT },
  );
  return { applied, pending };
}
