import { getConfig, getConfigOrExit } from '../config/env';
import { migrationStatus, revertLastMigration } from '../database/migrator';
import { getSequelize } from '../database/sequelize';
import { ensureDatabase, prepareDatabase } from '../database/setup';
import { describeStartupFailure } from '../database/startup-errors';

const print = (line: string) => process.stdout.write(`${line}\n`);
const log = { info: print };

const COMMANDS: Record<string, () => Promise<void>> = {
  /** npm run db:migrate: creates the database when missing and applies every pending migration. */
  async up() {
    const applied = await prepareDatabase(getSequelize(), getConfig().db, log);
    print(
      applied.length === 0
        ? 'Nothing to migrate: the database is up to date.'
        : `Applied ${applied.length} migration(s).`,
    );
  },
  /** npm run db:migrate:undo: reverts the last applied migration. */
  async undo() {
    const reverted = await revertLastMigration(getSequelize(), log);
    print(
      reverted === undefined ? 'Nothing to revert: no migration has been applied.' : `Reverted ${reverted}.`,
    );
  },
  /** npm run db:migrate:status: what has run, and what is pending. */
  async status() {
    await ensureDatabase(getConfig().db);
    const { applied, pending } = await migrationStatus(getSequelize());
    for (const { name, applied_at } of applied) print(`  applied  ${name}  (${applied_at.toISOString()})`);
    for (const name of pending) print(`  pending  ${name}`);
    print(`${applied.length} applied, ${pending.length} pending.`);
  },
};

async function main(): Promise<void> {
  const { db } = getConfigOrExit();
  const name = process.argv[2] ?? 'up';
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`Unknown command "${name}": use ${Object.keys(COMMANDS).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  print(`Database ${db.name} on ${db.host}:${db.port}`);
  try {
    await command();
  } catch (error) {
    process.stderr.write(`Migration failed: ${describeStartupFailure(error, db).message}\n`);
    process.exitCode = 1;
  }
}

void main().finally(() => getSequelize().close());
