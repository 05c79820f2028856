import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type mysql from 'mysql2/promise';
import { getConfig } from '../../src/config/env';
import { verifyPassword } from '../../src/modules/customers';
import { connectToTestServer } from '../helpers/schema-snapshot';
import { freePort, runScript, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// "Deploying for real" from the README, step by step on a database that does not exist yet:
// npm run db:migrate, npm run admin:create -- --username boss, npm start. Nothing is seeded or dropped.
const base = getConfig().db;
const name = `${base.name}_deploy`;
const env = { DB_NAME: name, ADMIN_PASSWORD: 'boss-password-1' };
let server: mysql.Connection;
const running: RunningServer[] = [];

beforeAll(async () => {
  server = await connectToTestServer();
  await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
});

afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await server.end();
});

const accounts = async () => {
  const [rows] = await server.query<mysql.RowDataPacket[]>(
    `SELECT a.username, a.role, a.password_hash, c.name, c.email
       FROM \`${name}\`.account a JOIN \`${name}\`.customer c ON c.id = a.customer_id ORDER BY a.id`,
  );
  return rows as Array<{
    username: string;
    role: string;
    password_hash: string;
    name: string;
    email: string;
  }>;
};

const createAdmin = (args: string[], extraEnv: Record<string, string> = {}) =>
  runScript('src/cli/admin-create.ts', args, { ...env, ...extraEnv });

describe('deploying on an empty database', () => {
  test('admin:create before db:migrate says to migrate first and creates nothing', async () => {
    const result = await createAdmin(['--username', 'boss']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run npm run db:migrate first');
    const [rows] = await server.query<mysql.RowDataPacket[]>('SHOW DATABASES LIKE ?', [name]);
    expect(rows).toHaveLength(0);
  }, 30_000);

  test('db:migrate creates the database and applies every migration; a second run has nothing to do', async () => {
    const first = await runScript('src/cli/migrate.ts', ['up'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/);
    const again = await runScript('src/cli/migrate.ts', ['up'], env);
    expect(again.stdout).toContain('Nothing to migrate');
    const status = await runScript('src/cli/migrate.ts', ['status'], env);
    expect(status.stdout).toMatch(/\d+ applied, 0 pending/);
  }, 30_000);

  test('admin:create makes an admin with its customer record, password from ADMIN_PASSWORD, hashed', async () => {
    const result = await createAdmin(['--username', 'boss']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created admin account "boss"');
    expect(result.stdout).not.toContain('boss-password-1');
    const [boss] = await accounts();
    expect(boss).toMatchObject({
      username: 'boss',
      role: 'admin',
      name: 'boss',
      email: 'boss@admin.invalid',
    });
    expect(await verifyPassword('boss-password-1', boss?.password_hash ?? '')).toBe(true);
  }, 30_000);

  test('admin:create again for the same username, in any letter case, is a clear error and no second account', async () => {
    for (const username of ['boss', 'BOSS']) {
      const result = await createAdmin(['--username', username], { ADMIN_PASSWORD: 'another-password-2' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('an account named "boss" already exists');
    }
    expect(await accounts()).toHaveLength(1);
  }, 30_000);

  test('admin:create refuses a bad username, a short password, or no way to get a password', async () => {
    const badName = await createAdmin(['--username', 'no spaces']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('--username may hold only');
    const shortPassword = await createAdmin(['--username', 'shorty'], { ADMIN_PASSWORD: 'short' });
    expect(shortPassword.code).toBe(1);
    expect(shortPassword.stderr).toContain('ADMIN_PASSWORD must have at least 8 characters');
    // No ADMIN_PASSWORD and no terminal to ask on (stdin is not a TTY here).
    const noPassword = await createAdmin(['--username', 'nopass'], { ADMIN_PASSWORD: '' });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('set ADMIN_PASSWORD, or run this in a terminal');
    const missing = await createAdmin([]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('usage: npm run admin:create -- --username NAME');
    expect(await accounts()).toHaveLength(1);
  }, 60_000);

  test('admin:create applies the password policy: a common password, or the username as password, is refused', async () => {
    const common = await createAdmin(['--username', 'commoner'], { ADMIN_PASSWORD: 'Password123' });
    expect(common.code).toBe(1);
    expect(common.stderr).toContain('the password is too common');
    const same = await createAdmin(['--username', 'selfnamed'], { ADMIN_PASSWORD: ' SelfNamed ' });
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('the password must not be the username');
    expect(await accounts()).toHaveLength(1);
  }, 60_000);

  test('on a terminal, admin:create asks for the password twice without echoing it', async () => {
    // `script` (util-linux) gives the command a real pseudo-terminal; what we type goes through it.
    const command = `${process.execPath} -r ts-node/register/transpile-only src/cli/admin-create.ts --username typist`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, ...env, ADMIN_PASSWORD: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const waitFor = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (output.includes(text)) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor('Password for the new admin:');
    child.stdin.write('typed-secret-99\r');
    await waitFor('Type it again:');
    child.stdin.write('typed-secret-99\r');
    await waitFor('Created admin account');
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(output).not.toContain('typed-secret-99');
    const typist = (await accounts()).find((account) => account.username === 'typist');
    expect(typist?.role).toBe('admin');
    expect(await verifyPassword('typed-secret-99', typist?.password_hash ?? '')).toBe(true);
  }, 60_000);

  test('npm start then serves an empty shop where the new admin logs in and creates a category', async () => {
    const shop = spawnServer({ DB_NAME: name }, await freePort());
    running.push(shop);
    await waitForStatus(`${shop.url}/readyz`, 200, 60_000);
    expect(shop.output()).toContain('database schema is up to date');

    const login = await fetch(`${shop.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'boss', password: 'boss-password-1' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${shop.url}/api/categories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ category_name: 'Records' }),
    });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${shop.url}/api/products`)).json()).toEqual([]);
    const listed = await fetch(`${shop.url}/api/categories`);
    const categories = (await listed.json()) as Array<{ category_name: string }>;
    expect(categories.map((category) => category.category_name)).toEqual(['Records']);

    // Request lines are gathered before they are written, but a quiet shop's still show within a quarter second,
    // and what is left is written on exit.
    const requestLine = (response: Response) => `"id":"${response.headers.get('x-request-id') ?? 'none'}"`;
    const deadline = Date.now() + 2_000;
    // The buffer keeps the lines in order: once the later request's line is out, the earlier one is too.
    while (!shop.output().includes(requestLine(listed)) && Date.now() < deadline) await delay(25);
    expect(shop.output()).toContain(requestLine(created));
    expect(shop.output()).toContain(requestLine(listed));
    const last = await fetch(`${shop.url}/api/tags`);
    expect(last.status).toBe(200);
    shop.child.kill('SIGTERM');
    expect(await shop.exited).toBe(0);
    expect(shop.output()).toContain(requestLine(last));
  }, 60_000);
});
