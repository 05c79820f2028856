import mysql from 'mysql2/promise';
import { MIGRATION_TABLES } from '../../src/database/migrator';
import { baseDatabaseConfig } from './test-database';

/** A connection to the shared test server with no database selected, for work across several databases. */
export function connectToTestServer(): Promise<mysql.Connection> {
  const db = baseDatabaseConfig();
  return mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
}

export async function recreateDatabase(connection: mysql.Connection, name: string): Promise<void> {
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

const rowsOf = async (connection: mysql.Connection, sql: string, database: string) => {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(sql, [database]);
  return rows
    .filter((row) => !(MIGRATION_TABLES as readonly string[]).includes(String(row.table_name)))
    .map((row) =>
      Object.values(row)
        .map((value) => (value === null ? 'NULL' : String(value)))
        .join(' | '),
    )
    .sort();
};

/**
 * A database's schema as sorted lines, read from information_schema: tables, columns (type, nullability,
 * default, extra), indexes (each column in order, uniqueness, kind) and foreign keys (column, target, rules).
 * Generated constraint names and column order are left out: they differ by how a table was built, not by what
 * it holds. The migration runner's own tables are left out too.
 */
export async function schemaSnapshot(connection: mysql.Connection, database: string) {
  return {
    tables: await rowsOf(
      connection,
      `SELECT TABLE_NAME AS table_name, ENGINE, TABLE_COLLATION FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = ?`,
      database,
    ),
    columns: await rowsOf(
      connection,
      `SELECT TABLE_NAME AS table_name, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
              CHARACTER_SET_NAME, COLLATION_NAME
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
      database,
    ),
    indexes: await rowsOf(
      connection,
      `SELECT TABLE_NAME AS table_name, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, INDEX_TYPE, SUB_PART
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
      database,
    ),
    foreign_keys: await rowsOf(
      connection,
      `SELECT k.TABLE_NAME AS table_name, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
              r.UPDATE_RULE, r.DELETE_RULE
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL`,
      database,
    ),
  };
}
