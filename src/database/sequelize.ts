import { Sequelize } from 'sequelize';
import type { Options } from 'sequelize';
import { getConfig } from '../config/env';
import type { DatabaseConfig } from '../config/env';
import { initModels } from './associations';
import { errnoOf } from './errors';
import { replicationOptions } from './read-routing';

/** MySQL 8's default sql_mode, set on every connection so that MariaDB rejects what MySQL 8 would. */
export const MYSQL8_SQL_MODE =
  'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

interface CallbackConnection {
  query(sql: string, callback: (error: Error | null) => void): void;
}

function isCallbackConnection(value: unknown): value is CallbackConnection {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'query') === 'function';
}

const run = (connection: CallbackConnection, sql: string) =>
  new Promise<void>((resolve, reject) => {
    connection.query(sql, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

/** MariaDB spells the statement timeout max_statement_time (seconds), MySQL 8 max_execution_time (ms). */
let statementTimeoutVariable: 'max_statement_time' | 'max_execution_time' | undefined;

async function setStatementTimeout(connection: CallbackConnection, timeoutMs: number): Promise<void> {
  if (statementTimeoutVariable !== 'max_execution_time') {
    try {
      await run(connection, `SET SESSION max_statement_time = ${timeoutMs / 1000}`);
      statementTimeoutVariable = 'max_statement_time';
      return;
    } catch (error) {
      if (errnoOf(error) !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
      statementTimeoutVariable = 'max_execution_time';
    }
  }
  await run(connection, `SET SESSION max_execution_time = ${timeoutMs}`);
}

/**
 * Every new connection gets MySQL 8's sql_mode, a short row-lock wait (a request waiting on a held row gives up in
 * seconds instead of InnoDB's 50) and a statement timeout, so that no session can hold a pooled connection for
 * long whatever another session does.
 */
const sessionSetup = (db: DatabaseConfig) => async (connection: unknown) => {
  if (!isCallbackConnection(connection)) return;
  await run(
    connection,
    `SET SESSION sql_mode = '${MYSQL8_SQL_MODE}', innodb_lock_wait_timeout = ${db.lockWaitTimeoutS}`,
  );
  if (db.statementTimeoutMs > 0) await setStatementTimeout(connection, db.statementTimeoutMs);
};

/** A Sequelize instance on `db` (the primary); `extra` adds options such as replication, and hooks of its own. */
export function createSequelize(db: DatabaseConfig, extra: Partial<Options> = {}): Sequelize {
  return new Sequelize({
    ...extra,
    dialect: 'mysql',
    host: db.host,
    port: db.port,
    database: db.name,
    username: db.user,
    password: db.password,
    logging: false,
    timezone: '+00:00',
    benchmark: false,
    pool: { max: db.poolMax, min: 0, acquire: 10_000, idle: 10_000 },
    // decimalNumbers: DECIMAL(10,2) comes back as a JS number, so money has one JSON type everywhere.
    dialectOptions: { decimalNumbers: true, connectTimeout: 5_000, charset: 'utf8mb4' },
    define: {
      freezeTableName: true,
      underscored: true,
      timestamps: false,
      charset: 'utf8mb4',
      collate: 'utf8mb4_unicode_ci',
    },
    hooks: { ...extra.hooks, afterConnect: sessionSetup(db) },
  });
}

let instance: Sequelize | undefined;

/**
 * The application's Sequelize instance, created on first use from the configuration, with every model bound to
 * it, and the read replicas of DB_READ_HOSTS if any (see read-routing.ts). Nothing connects until the first query.
 */
export function getSequelize(): Sequelize {
  if (instance === undefined) {
    const { db } = getConfig();
    instance = createSequelize(db, replicationOptions(db));
    initModels(instance);
  }
  return instance;
}
