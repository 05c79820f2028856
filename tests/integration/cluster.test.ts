import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct, ledgerSum, stockOf } from '../helpers/factories';
import { builtServerArgs, freePort, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

useTestDatabase();

// npm start with WEB_CONCURRENCY=2: the built server, run as npm start runs it, against this worker's database.
let serverArgs: string[];
const running: RunningServer[] = [];

beforeAll(async () => {
  serverArgs = await builtServerArgs();
}, 120_000);

afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
});

async function startCluster(env: Record<string, string> = {}, port?: number): Promise<RunningServer> {
  const server = spawnServer(
    { WEB_CONCURRENCY: '2', SWEEP_INTERVAL_SECONDS: '0', ...env },
    port ?? (await freePort()),
    serverArgs,
  );
  running.push(server);
  return server;
}

interface LogLine {
  level?: number;
  pid?: number;
  msg?: string;
  worker_pid?: number;
  signal?: string | null;
  req?: { url?: string };
}

const logLines = (server: RunningServer): LogLine[] =>
  server
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        return line.startsWith('{') ? [JSON.parse(line) as LogLine] : [];
      } catch {
        return [];
      }
    });

/** The live (not zombie) child processes of a process, from Linux's /proc. */
function childPids(pid: number | undefined): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // After the command, which may hold spaces and ends with ')': state, ppid, ...
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(ppid) === pid ? [Number(name)] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a - b);
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

const listeningPids = (server: RunningServer) =>
  logLines(server).flatMap((line) => (line.msg?.startsWith('listening on') === true ? [line.pid] : []));

/** Starts the cluster and waits until both workers listen and are the primary's only children. */
async function startTwoWorkers(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startCluster(env);
  await waitForStatus(`${server.url}/readyz`, 200, 30_000);
  await waitFor('two listening workers', () => listeningPids(server).length === 2);
  return server;
}

/**
 * One request on a connection of its own (no keep-alive), so that the cluster hands each one to a worker afresh.
 * Resolves with the status once the whole answer has arrived; rejects when the connection fails first.
 */
function send(
  url: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
        },
        timeout: 20_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
        res.on('close', () => {
          if (!res.complete) reject(new Error('the answer was cut off'));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A GET whose connection failure is retried for at most half a second: what a client's own retry would do. */
async function getWithBriefRetry(url: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(url);
    } catch (error) {
      if (attempt >= 10) throw error;
      await delay(50);
    }
  }
}

const numerically = (pids: Array<number | undefined>) => [...pids].sort((a, b) => (a ?? 0) - (b ?? 0));

/**
 * Sends batches of parallel requests, each on a connection of its own, until each of `pids` has logged one: the
 * kernel gives a connection to whichever worker accepts first, so one batch may all go to the same worker.
 */
async function requestUntilServedBy(server: RunningServer, pids: number[]): Promise<void> {
  const served = () => {
    const seen = new Set(
      logLines(server).flatMap((line) => (line.req?.url === '/api/products' ? [line.pid] : [])),
    );
    return pids.every((pid) => seen.has(pid));
  };
  const deadline = Date.now() + 15_000;
  while (!served()) {
    if (Date.now() > deadline) throw new Error(`no request was answered by each of ${pids.join(', ')}`);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => send(`${server.url}/api/products`)));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await delay(100);
  }
}

const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });

describe('npm start with WEB_CONCURRENCY=2', () => {
  test('two workers serve; one killed with SIGKILL: every request is still answered 200 by the other, and a replacement comes back and serves', async () => {
    const server = await startTwoWorkers();
    const workers = childPids(server.child.pid);
    expect(workers).toHaveLength(2);
    expect(numerically(listeningPids(server))).toEqual(workers);
    await requestUntilServedBy(server, workers);

    const [killed, survivor] = workers;
    if (killed === undefined || survivor === undefined) throw new Error('no workers');
    process.kill(killed, 'SIGKILL');
    // Four clients keep asking through the death and the 1 s restart backoff.
    const statuses: number[] = [];
    const until = Date.now() + 2_500;
    const client = async () => {
      while (Date.now() < until) statuses.push(await getWithBriefRetry(`${server.url}/api/products`));
    };
    await Promise.all(Array.from({ length: 4 }, client));
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    await waitFor('a replacement worker', () => listeningPids(server).length === 3);
    const replacement = listeningPids(server)[2];
    if (replacement === undefined) throw new Error('no replacement');
    expect(childPids(server.child.pid)).toEqual(numerically([survivor, replacement]));
    const death = logLines(server).find((line) => line.msg === 'worker died; restarting it');
    expect(death).toMatchObject({ pid: server.child.pid, worker_pid: killed, signal: 'SIGKILL' });
    expect(logLines(server).some((line) => line.msg === 'worker restarted')).toBe(true);
    await requestUntilServedBy(server, [replacement]);
    // No REDIS_URL here: the primary says once that limits and counts are per worker.
    expect(
      logLines(server).filter((line) => String(line.msg).startsWith('REDIS_URL is not set')),
    ).toHaveLength(1);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 40_000);

  test('SIGTERM to the primary while 40 clients place orders: every answer is a 201 (or a clean 503), every 201 order is whole, and the primary exits 0', async () => {
    const customer = await signedInAs('customer');
    const product = await createProduct({ stock: 1_000, low_stock_threshold: 0 });
    // One customer places many unpaid orders here: the pending-order cap is not what this test is about.
    const server = await startTwoWorkers({ MAX_PENDING_ORDERS: '10000' });

    // 40 clients place orders, each request on a connection of its own; after 40 answers the primary gets SIGTERM,
    // with about 40 orders in flight. A client stops at its first connection failure after that (the workers
    // stopped accepting), which writes nothing: the order count below proves it.
    const answers: Array<{ status: number; inFlightAtSigterm: boolean }> = [];
    let sigtermSent = false;
    const failedBeforeSigterm: string[] = [];
    const client = async () => {
      for (let placed = 0; placed < 20; placed++) {
        const sigtermBeforeSend = sigtermSent;
        try {
          const status = await send(`${server.url}/api/orders`, {
            method: 'POST',
            token: customer.token,
            body: { items: [{ product_id: product.id, quantity: 1 }] },
          });
          answers.push({ status, inFlightAtSigterm: sigtermSent && !sigtermBeforeSend });
        } catch (error) {
          if (sigtermSent) return;
          failedBeforeSigterm.push(String(error));
        }
        if (answers.length >= 40 && !sigtermSent) {
          sigtermSent = true;
          server.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, client));
    const exitCode = await server.exited;

    expect(sigtermSent).toBe(true);
    expect(failedBeforeSigterm).toEqual([]);
    expect(answers.filter(({ status }) => status !== 201 && status !== 503)).toEqual([]);
    // Requests in flight when SIGTERM came were finished, not dropped.
    expect(
      answers.filter(({ status, inFlightAtSigterm }) => inFlightAtSigterm && status === 201).length,
    ).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
    expect(logLines(server).filter((line) => line.msg === 'shutdown complete')).toHaveLength(2);

    const created = answers.filter(({ status }) => status === 201).length;
    const [orders] = await select<{ n: number }>('SELECT COUNT(*) AS n FROM orders');
    expect(orders?.n).toBe(created);
    expect(
      await select(
        `SELECT o.id FROM orders o
         WHERE NOT EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id)
            OR NOT EXISTS (SELECT 1 FROM order_status_event e WHERE e.order_id = o.id)
            OR NOT EXISTS (SELECT 1 FROM stock_movement m WHERE m.reference = CONCAT('order:', o.id))`,
      ),
    ).toEqual([]);
    expect(await stockOf(product.id)).toBe(1_000 - created);
    expect(await ledgerSum(product.id)).toBe(1_000 - created);
  }, 40_000);

  test('a busy port: one fatal line naming the port, no worker restarted, exit code 1', async () => {
    const holder: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, resolve));
    try {
      const server = await startCluster({}, port);
      expect(await server.exited).toBe(1);
      const fatal = logLines(server).filter((line) => line.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.msg).toContain(`port ${port} is already in use`);
      expect(server.output()).not.toContain('listening on');
      expect(server.output()).not.toContain('worker restarted');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 30_000);

  test('WEB_CONCURRENCY=abc stops start-up with one line naming WEB_CONCURRENCY, and exit code 1', async () => {
    const server = await startCluster({ WEB_CONCURRENCY: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Invalid environment variable WEB_CONCURRENCY');
    expect(server.output()).not.toContain('listening on');
  }, 30_000);
});
