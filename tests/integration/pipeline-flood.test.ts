import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { builtServerArgs, freePort, rssMb, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

useTestDatabase();

// The attack: 10 connections each write 1,000 pipelined requests for the largest GET in one chunk and never
// read an answer. The server runs as `npm start` runs it (the build, with its V8 flags).
const SOCKETS = 10;
const PIPELINED = 1_000;
const FLOOD_MS = 15_000;
let server: RunningServer;

beforeAll(async () => {
  server = spawnServer({ SWEEP_INTERVAL_SECONDS: '0' }, await freePort(), await builtServerArgs());
  await waitForStatus(`${server.url}/readyz`, 200, 60_000);
}, 120_000);

afterAll(() => {
  server.child.kill('SIGKILL');
});

function floodSocket(port: number): Socket {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.once('connect', () => {
    socket.pause();
    socket.write('GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(PIPELINED));
  });
  return socket;
}

test('10 sockets x 1,000 pipelined GET /openapi.json, never read, for 15 s: the server lives, stays under 300 MB, and a fresh client is answered within 1 s', async () => {
  const product = await createProduct();
  const baselineMb = rssMb(server.child.pid) ?? 0;
  const sockets = Array.from({ length: SOCKETS }, () => floodSocket(server.port));
  const until = Date.now() + FLOOD_MS;
  let peakMb = baselineMb;
  const fresh: Array<{ status: number; ms: number }> = [];
  try {
    while (Date.now() < until) {
      peakMb = Math.max(peakMb, rssMb(server.child.pid) ?? 0);
      const started = Date.now();
      const status = await fetch(`${server.url}/api/products/${product.id}`, {
        signal: AbortSignal.timeout(5_000),
      })
        .then((response) => response.status)
        .catch(() => 0);
      fresh.push({ status, ms: Date.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  expect(server.child.exitCode).toBeNull();
  expect(peakMb).toBeLessThan(300);
  expect(fresh.length).toBeGreaterThan(10);
  expect(fresh.filter((answer) => answer.status !== 200 || answer.ms >= 1_000)).toEqual([]);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
}, 60_000);

/** Writes `count` pipelined GETs on one connection, reads until it closes, and counts the answers. */
function pipeline(port: number, path: string, count: number, closeAfter: number): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const answers = () => received.split('HTTP/1.1 200 OK').length - 1;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (answers() >= closeAfter) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve(answers());
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(count));
  });
}

test('a client that pipelines a few requests gets every answer; one that pipelines hundreds is cut off after 16', async () => {
  expect(await pipeline(server.port, '/healthz', 5, 5)).toBe(5);
  // The connection closes (the promise resolves on close) long before 500 answers.
  expect(await pipeline(server.port, '/healthz', 500, 500)).toBeLessThanOrEqual(16);
}, 30_000);
