import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * The V8 flags `npm start` runs the server with (a unit test keeps the two equal). V8 grows its heap lazily; without
 * a cap the server's RSS reached 235 MB under the bench while its live heap stayed far smaller. With these flags
 * it stays well under 200 MB at the same throughput.
 */
export const SERVER_NODE_FLAGS = '--max-old-space-size=128 --max-semi-space-size=4';

/** SERVER_NODE_FLAGS from the environment when set, else npm start's, as a list of arguments. */
export const serverNodeFlags = (): string[] =>
  (process.env.SERVER_NODE_FLAGS ?? SERVER_NODE_FLAGS).split(' ').filter((flag) => flag !== '');

const defaultArgs = () => [...serverNodeFlags(), 'dist/src/server.js'];

async function waitUntilReady(
  server: ChildProcess,
  port: number,
  ready: () => boolean,
): Promise<ChildProcess> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok && ready()) return server;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  server.kill();
  throw new Error('the server did not become ready');
}

/**
 * Starts a server in its own process (by default the built API, run as npm start runs it) and waits until
 * /readyz answers 200.
 */
export function startServer(
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = defaultArgs(),
): Promise<ChildProcess> {
  const server = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return waitUntilReady(server, port, () => true);
}

/**
 * Starts the built API as npm start runs it with WEB_CONCURRENCY=workers, its log lines going to `logFile`, and
 * waits until every worker listens: /readyz answers as soon as the first one does.
 */
export function startWorkers(
  port: number,
  workers: number,
  env: Record<string, string>,
  logFile: string,
): Promise<ChildProcess> {
  const log = openSync(logFile, 'w');
  const server = spawn(process.execPath, defaultArgs(), {
    env: { ...process.env, PORT: String(port), ...env, WEB_CONCURRENCY: String(workers) },
    stdio: ['ignore', log, 'inherit'],
  });
  closeSync(log);
  return waitUntilReady(
    server,
    port,
    () => workers === 1 || readFileSync(logFile, 'utf8').includes('"msg":"all workers listening"'),
  );
}

/** Sends SIGTERM and waits for the process to exit. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

/** Peak resident set size of a process, from Linux's /proc (VmHWM), in MB. */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) / 1024);
  } catch {
    return undefined;
  }
}
