import { getConfig } from '../../src/config/env';
import { getSequelize } from '../../src/database/sequelize';
import { ensureDatabase } from '../../src/database/setup';

// Run as a child process with DB_NAME set: builds that database from the models alone, with sync().
// The schema drift test compares it with a database built by the migrations; sync() is used nowhere else.
async function main(): Promise<void> {
  await ensureDatabase(getConfig().db);
  await getSequelize().sync();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`sync failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => getSequelize().close());
