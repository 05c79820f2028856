import mysql from 'mysql2/promise';
import { TEST_DATABASE_MARKER, baseDatabaseConfig } from './test-database';

/** Drops the test databases of earlier runs, so that each run builds its schema from the current models. */
export default async function globalSetup(): Promise<void> {
  const db = baseDatabaseConfig();
  const connection = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
  });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES LIKE ?', [
      `${db.name}${TEST_DATABASE_MARKER.replace(/_/g, '\\_')}%`,
    ]);
    for (const row of rows) {
      const name = String(Object.values(row)[0]);
      await connection.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await connection.end();
  }
}
