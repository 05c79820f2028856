import { Sequelize } from 'sequelize';
import { getConfig } from '../config/env';
import type { DatabaseConfig } from '../config/env';

/** MySQL 8's default sql_mode, set on every connection so that MariaDB rejects what MySQL 8 would. */
export const MYSQL8_SQL_MODE =
  'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

interface CallbackConnection {
  query(sql: string, callback: (error: Error | null) => void): void;
}

function isCallbackConnection(value: unknown): value is CallbackConnection {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'query') === 'function';
}

async function setSessionMode(connection: unknown): Promise<void> {
  if (!isCallbackConnection(connection)) return;
  await new Promise<void>((resolve, reject) => {
    connection.query(`SET SESSION sql_mode = '${MYSQL8_SQL_MODE}'`, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export function createSequelize(db: DatabaseConfig): Sequelize {
  return new Sequelize({
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
    hooks: { afterConnect: setSessionMode },
  });
}

export const sequelize = createSequelize(getConfig().db);
