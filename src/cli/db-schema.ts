import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getConfigOrExit } from '../config/env';
import { connectToServer } from '../database/setup';

const SCHEMA_FILE = path.resolve(__dirname, '../../../db/schema.sql');

async function main(): Promise<void> {
  const { db } = getConfigOrExit();
  const sql = (await readFile(SCHEMA_FILE, 'utf8')).replace(/\becommerce_db\b/g, db.name);
  const connection = await connectToServer(db, { multipleStatements: true });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
  process.stdout.write(`Database ${db.name} dropped and created on ${db.host}:${db.port} (db/schema.sql)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`db:schema failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
