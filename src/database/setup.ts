import mysql from 'mysql2/promise';
import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize';
import { getConfig } from '../config/env';
import type { DatabaseConfig } from '../config/env';
import './associations';
import { migrateToLatest } from './migrator';
import type { MigrationLog } from './migrator';
import { findSchemaMismatches } from './schema-check';
import { createSequelize } from './sequelize';

/** Opens a connection without selecting a database, for creating or dropping one. */
export function connectToServer(db: DatabaseConfig, options: { multipleStatements?: boolean } = {}) {
  return mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    multipleStatements: options.multipleStatements ?? false,
    connectTimeout: 5_000,
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

/** The database does not match the models even after every migration ran. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';

  constructor(readonly mismatches: string[]) {
    super(`the database does not match the models: ${mismatches.join('; ')}`);
  }
}

/**
 * What start-up does before it listens: create the database if missing, apply pending migrations (under the
 * migration lock, so that processes starting together migrate once), then refuse a database that still does not
 * match the models (under SEARCH_MODE=prefix, without the FULLTEXT index the migrations then skip). Never drops
 * or rewrites data.
 */
export async function prepareDatabase(
  sequelize: Sequelize,
  db: DatabaseConfig,
  log?: MigrationLog,
): Promise<string[]> {
  await ensureDatabase(db);
  // Migrations may rewrite big tables and wait for metadata locks: they get a pool of their own, without the
  // request-sized lock-wait and statement timeouts.
  const migrations = createSequelize({ ...db, poolMax: 2, lockWaitTimeoutS: 50, statementTimeoutMs: 0 });
  let applied: string[];
  try {
    applied = await migrateToLatest(migrations, log);
  } finally {
    await migrations.close();
  }
  const mismatches = await findSchemaMismatches(sequelize, undefined, { searchMode: getConfig().searchMode });
  if (mismatches.length > 0) throw new SchemaMismatchError(mismatches);
  return applied;
}

/** Drops every table of the connected database (the seed's clean slate), whatever references what. */
export async function dropAllTables(sequelize: Sequelize): Promise<void> {
  const tables = await sequelize.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
    { type: QueryTypes.SELECT },
  );
  if (tables.length === 0) return;
  // A transaction pins one pooled connection, so FOREIGN_KEY_CHECKS=0 applies to the DROP that follows.
  const list = tables.map(({ name }) => `\`${name.replace(/`/g, '``')}\``).join(', ');
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 0', { transaction });
    try {
      await sequelize.query(`DROP TABLE IF EXISTS ${list}`, { transaction });
    } finally {
      await sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction });
    }
  });
}
