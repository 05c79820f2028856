import { createServer } from 'node:net';
import type { Server } from 'node:net';
import type mysql from 'mysql2/promise';
import { getConfig } from '../../src/config/env';
import { migrateToLatest } from '../../src/database/migrator';
import { createSequelize } from '../../src/database/sequelize';
import { connectToTestServer, recreateDatabase } from '../helpers/schema-snapshot';
import { freePort, spawnServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

// What a newcomer meets when something is wrong at start-up: one line that says what and where, and an exit
// code that is not 0. Each case starts a real server process.
const base = getConfig().db;
const running: RunningServer[] = [];

afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
});

/** Starts a server that is expected to give up, and returns its exit code and its log lines. */
async function startExpectingFailure(env: Record<string, string>, port?: number) {
  const server = spawnServer({ LOG_LEVEL: 'info', ...env }, port ?? (await freePort()));
  running.push(server);
  const code = await server.exited;
  const lines = server
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '');
  const fatal = lines.filter((line) => line.includes('"level":60'));
  return { code, lines, fatal, text: server.output() };
}

describe('npm start when something is wrong', () => {
  test('a busy port: one fatal line naming the port, never "listening", and exit code 1', async () => {
    const holder: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, resolve));
    try {
      const { code, fatal, text } = await startExpectingFailure({}, port);
      expect(code).toBe(1);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toContain(`port ${port} is already in use`);
      expect(text).not.toContain('listening on');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);

  test('a wrong password: one fatal line naming DB_USER and DB_PASSWORD, no retries, exit code 1', async () => {
    const { code, fatal, text } = await startExpectingFailure({
      DB_USER: 'no_such_user',
      DB_PASSWORD: 'wrong',
    });
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('refused user \\"no_such_user\\"');
    expect(fatal[0]).toContain('DB_USER');
    expect(fatal[0]).toContain('DB_PASSWORD');
    expect(text).not.toContain('retrying');
    expect(text).not.toContain('"stack"');
  }, 60_000);

  test('a database host that does not exist: one fatal line naming DB_HOST, no retries, exit code 1', async () => {
    const { code, fatal, text } = await startExpectingFailure({ DB_HOST: 'no-such-host.invalid' });
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('no-such-host.invalid');
    expect(fatal[0]).toContain('DB_HOST');
    expect(text).not.toContain('retrying');
  }, 60_000);

  test('a database that does not match the models: refuses to start, naming the table and the column', async () => {
    const name = `${base.name}_mismatch`;
    const server: mysql.Connection = await connectToTestServer();
    const instance = createSequelize({ ...base, name, poolMax: 2 });
    try {
      await recreateDatabase(server, name);
      await migrateToLatest(instance);
      await instance.query('ALTER TABLE product DROP INDEX product_sku_unique, DROP COLUMN sku');
    } finally {
      await instance.close();
      await server.end();
    }
    const { code, fatal, text } = await startExpectingFailure({ DB_NAME: name });
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('table product: column sku is missing');
    expect(text).not.toContain('listening on');
  }, 60_000);
});
