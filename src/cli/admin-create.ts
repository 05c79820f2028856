import { parseArgs } from 'node:util';
import { UniqueConstraintError } from 'sequelize';
import { getConfig, getConfigOrExit } from '../config/env';

import { errnoOf } from '../database/errors';
import { migrationStatus } from '../database/migrator';
import { getSequelize } from '../database/sequelize';
import { describeStartupFailure } from '../database/startup-errors';
import { withTransaction } from '../database/transaction';
import {
  Account,
  Customer,
  createAccount,
  emailString,
  passwordProblem,
  usernameString,
} from '../modules/customers';
import { AppError } from '../shared/errors';

const ER_BAD_DB_ERROR = 1049;

class UsageError extends Error {}

const print = (line: string) => process.stdout.write(`${line}\n`);

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new UsageError('cancelled; nothing was created'));
          return;
        }
        chars = char === '\u007f' || char === '\b' ? chars.slice(0, -1) : [...chars, char];
      }
    };
    // Echo goes off before the question appears, so nothing typed (or pasted) at once shows on the screen.
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    process.stdout.write(question);
    input.on('data', onData);
  });
}

/** ADMIN_PASSWORD when it is set; otherwise asked twice on the terminal. Checked like any other password. */
async function choosePassword(username: string): Promise<string> {
  const { admin } = getConfig();
  let password = admin.password;
  if (!admin.passwordFromEnvironment) {
    if (!process.stdin.isTTY) {
      throw new UsageError('set ADMIN_PASSWORD, or run this in a terminal to type the password');
    }
    password = await askHidden('Password for the new admin: ');
    if ((await askHidden('Type it again: ')) !== password) throw new UsageError('the passwords differ');
  }
  const problem = passwordProblem(password, username);
  if (problem !== undefined) throw new UsageError(`the password ${problem}`);
  return password;
}

function readOptions() {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
  });
  if (values.username === undefined) {
    throw new UsageError(
      'usage: npm run admin:create -- --username NAME [--email ADDRESS] [--name "Full Name"]',
    );
  }
  const username = usernameString.safeParse(values.username);
  if (!username.success)
    throw new UsageError(`--username ${username.error.issues[0]?.message ?? 'is invalid'}`);
  // .invalid is reserved (RFC 2606): it says plainly that no mail can reach this address until one is set.
  const email = emailString.safeParse(values.email ?? `${username.data}@admin.invalid`);
  if (!email.success) throw new UsageError(`--email ${email.error.issues[0]?.message ?? 'is invalid'}`);
  return { username: username.data, email: email.data, name: values.name ?? username.data };
}

async function assertMigrated(): Promise<void> {
  const { db } = getConfig();
  try {
    const { pending } = await migrationStatus(getSequelize());
    if (pending.length > 0) {
      throw new UsageError(
        `database ${db.name} has ${pending.length} pending migration(s): run npm run db:migrate first`,
      );
    }
  } catch (error) {
    if (errnoOf(error) === ER_BAD_DB_ERROR) {
      throw new UsageError(`database ${db.name} does not exist yet: run npm run db:migrate first`);
    }
    throw error;
  }
}

/**
 * npm run admin:create -- --username NAME: the first admin of a real shop, on a migrated database, without
 * seeding or dropping anything. An existing username is an error, never a second account.
 */
async function main(): Promise<void> {
  getConfigOrExit();
  const options = readOptions();
  await assertMigrated();
  const existing = await Account.findOne({ where: { username: options.username } });
  if (existing !== null) {
    throw new UsageError(
      `an account named "${existing.username}" already exists (role ${existing.role}); nothing was created`,
    );
  }
  const password = await choosePassword(options.username);
  const account = await withTransaction(async (transaction) => {
    const customer = await Customer.create({ name: options.name, email: options.email }, { transaction });
    return createAccount(
      { customer_id: customer.id, username: options.username, password, role: 'admin' },
      transaction,
    );
  });
  print(
    `Created admin account "${account.username}" (account ${account.id}, customer ${account.customer_id}).`,
  );
  print('Start the server with npm start and log in with POST /api/auth/login.');
}

function explain(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof AppError && error.code === 'CONFLICT') {
    return `${error.message}: an account with that username already exists; nothing was created`;
  }
  if (error instanceof UniqueConstraintError) {
    return 'a customer with that email already exists; pass another --email; nothing was created';
  }
  return describeStartupFailure(error, getConfig().db).message;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`admin:create failed: ${explain(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => getSequelize().close());
