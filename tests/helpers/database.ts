import { getConfig } from '../../src/config/env';
import { getSequelize } from '../../src/database/sequelize';
import { prepareDatabase } from '../../src/database/setup';
import { TEST_DATABASE_MARKER } from './test-database';

async function emptyAllTables(): Promise<void> {
  const tables = Object.values(getSequelize().models).map((model) => model.tableName);
  // One transaction pins one connection, so FOREIGN_KEY_CHECKS=0 applies to every DELETE that follows.
  await getSequelize().transaction(async (transaction) => {
    await getSequelize().query('SET FOREIGN_KEY_CHECKS = 0', { transaction });
    for (const table of tables) await getSequelize().query(`DELETE FROM \`${table}\``, { transaction });
    await getSequelize().query('SET FOREIGN_KEY_CHECKS = 1', { transaction });
  });
}

/** Registers the hooks of an integration test file: its worker's database, created and migrated, emptied before each test. */
export function useTestDatabase(): void {
  beforeAll(async () => {
    const { db } = getConfig();
    if (!db.name.includes(TEST_DATABASE_MARKER)) {
      throw new Error(`Refusing to run tests against ${db.name}: not a test database`);
    }
    await prepareDatabase(getSequelize(), db);
  });
  beforeEach(emptyAllTables);
  afterAll(async () => {
    await getSequelize().close();
  });
}

/** Rows of a table, for assertions on the database state after a request. */
export async function countRows(table: string): Promise<number> {
  const [rows] = await getSequelize().query(`SELECT COUNT(*) AS n FROM \`${table}\``);
  const [first] = rows as Array<{ n: number }>;
  return first?.n ?? 0;
}
