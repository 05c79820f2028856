import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../config/env';
import './associations';
import { sequelize } from './sequelize';

/** Opens a connection without selecting a database, for creating or dropping one. */
export function connectToServer(db: DatabaseConfig, options: { multipleStatements?: boolean } = {}) {
  return mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    multipleStatements: options.multipleStatements ?? false,
  });
}

/** Creates the configured database when it does not exist yet; never touches an existing one. */
export async function ensureDatabase(db: DatabaseConfig): Promise<void> {
  const connection = await connectToServer(db);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** Creates missing tables and indexes. Never drops or alters existing data. */
export async function syncModels(): Promise<void> {
  await sequelize.sync();
}
