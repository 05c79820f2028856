import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { loadEnvironment, parseConfig } from '../src/config/env';
import { freePort, startServer } from './server-process';

// A database of its own, dropped at the end: the check leaves nothing behind. Nothing here imports the models or
// the Sequelize instance, which would read the configuration before this line could change it.
const DATABASE_SUFFIX = '_docs_check';
const environment = loadEnvironment();
delete environment.DATABASE_URL;
environment.DB_NAME = `${parseConfig(environment).db.name}${DATABASE_SUFFIX}`;

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../docs/docs-page.png');

/**
 * Loads /docs in headless Chromium with every host but loopback unresolvable (as on a machine with no internet),
 * checks that Swagger UI rendered the operations, and saves a screenshot for the README.
 */
async function main(): Promise<void> {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's package (sudo apt-get install chromium) ` +
        'or point CHROMIUM at a Chromium or Chrome binary',
    );
  }
  const port = await freePort();
  const server = await startServer(port, { LOG_LEVEL: 'warn' });
  const profile = await mkdtemp(path.join(tmpdir(), 'docs-check-'));
  const url = `http://127.0.0.1:${port}/docs/`;
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--virtual-time-budget=15000',
  ];
  try {
    const { stdout: dom } = await run(CHROMIUM, [...flags, '--dump-dom', url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const operations = dom.match(/class="opblock opblock-(get|post|put|patch|delete)/g)?.length ?? 0;
    const authorize = dom.includes('btn authorize');
    process.stdout.write(
      `/docs rendered ${operations} operations; Authorize button: ${authorize ? 'yes' : 'no'}\n`,
    );
    await run(CHROMIUM, [
      ...flags,
      '--window-size=1280,2000',
      '--hide-scrollbars',
      `--screenshot=${SCREENSHOT}`,
      url,
    ]);
    process.stdout.write(`screenshot: ${path.relative(process.cwd(), SCREENSHOT)}\n`);
    if (operations === 0 || !authorize) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(profile, { recursive: true, force: true });
    await dropDatabase();
  }
}

async function dropDatabase(): Promise<void> {
  const { db } = parseConfig(environment);
  if (!db.name.endsWith(DATABASE_SUFFIX)) throw new Error(`refusing to drop ${db.name}`);
  const connection = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
  } finally {
    await connection.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`docs check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
