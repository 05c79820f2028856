import request from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../../src/app';
import { TEST_PASSWORD, signedInAs } from '../helpers/auth';
import { assertMatchesContract } from '../helpers/contract';
import { countRows, useTestDatabase } from '../helpers/database';
import { expectProblem } from '../helpers/http';
import { freePort, spawnServer, waitForStatus } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

useTestDatabase();

// Behind a trusted proxy (loopback), X-Forwarded-For names the client: one test process stands for many addresses.
const app = createApp({ trustProxy: 'loopback' });
const running: RunningServer[] = [];

afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
});

async function loginFrom(address: string, username: string, password: string): Promise<Response> {
  const response = await request(app)
    .post('/api/auth/login')
    .set('X-Forwarded-For', address)
    .send({ username, password });
  assertMatchesContract('post', '/api/auth/login', response);
  return response;
}

const statuses = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

describe('login throttling per (username, address)', () => {
  test('199 simultaneous wrong guesses and 20 more after them get 10 password checks in all; then even the right password is a 429', async () => {
    const user = await signedInAs('customer');
    const burst = await Promise.all(
      Array.from({ length: 199 }, (_, i) => loginFrom('203.0.113.1', user.username, `wrong-${i}`)),
    );
    const after: Response[] = [];
    for (let i = 0; i < 20; i++) after.push(await loginFrom('203.0.113.1', user.username, `again-${i}`));
    // A 401 is a password that was checked; a 429 was refused before any check.
    const burstCounts = statuses(burst);
    expect((burstCounts[401] ?? 0) + (burstCounts[429] ?? 0)).toBe(199);
    expect(burstCounts[401] ?? 0).toBeLessThanOrEqual(10);
    expect((burstCounts[401] ?? 0) + (statuses(after)[401] ?? 0)).toBe(10);
    const right = await loginFrom('203.0.113.1', user.username, TEST_PASSWORD);
    expectProblem(right, 429, 'RATE_LIMITED');
    const retryAfter = Number(right.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(right.body.detail).toContain(`try again in ${retryAfter} seconds`);
    // Refused attempts leave nothing behind: only the 10 checked failures are counted.
    expect(await countRows('login_failure')).toBe(10);
  }, 60_000);

  test('a guesser at one address does not lock the owner out at another', async () => {
    const user = await signedInAs('admin');
    for (let i = 0; i < 10; i++) {
      expect((await loginFrom('198.51.100.66', user.username, `typo-${i}`)).status).toBe(401);
    }
    expectProblem(await loginFrom('198.51.100.66', user.username, TEST_PASSWORD), 429, 'RATE_LIMITED');
    expect((await loginFrom('192.0.2.10', user.username, TEST_PASSWORD)).status).toBe(200);
  });

  test('a success clears the failures of its own address only, never those other addresses caused', async () => {
    const user = await signedInAs('customer');
    for (let i = 0; i < 6; i++) await loginFrom('198.51.100.7', user.username, `wrong-${i}`);
    for (let i = 0; i < 3; i++) await loginFrom('192.0.2.20', user.username, `mine-${i}`);
    expect((await loginFrom('192.0.2.20', user.username, TEST_PASSWORD)).status).toBe(200);
    expect(await countRows('login_failure')).toBe(6);
    for (let i = 0; i < 4; i++) {
      expect((await loginFrom('198.51.100.7', user.username, `more-${i}`)).status).toBe(401);
    }
    expectProblem(await loginFrom('198.51.100.7', user.username, TEST_PASSWORD), 429, 'RATE_LIMITED');
    expect((await loginFrom('192.0.2.20', user.username, TEST_PASSWORD)).status).toBe(200);
  });

  test('ten typos on a developer machine lock only that username at that address', async () => {
    const alice = await signedInAs('customer');
    const bob = await signedInAs('customer');
    for (let i = 0; i < 10; i++) await loginFrom('127.0.0.1', alice.username, `typo-${i}`);
    expectProblem(await loginFrom('127.0.0.1', alice.username, TEST_PASSWORD), 429, 'RATE_LIMITED');
    expect((await loginFrom('127.0.0.1', bob.username, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('login throttling across processes and addresses (server processes with small limits)', () => {
  const limits = {
    LOGIN_MAX_FAILURES: '3',
    LOGIN_USERNAME_MAX_FAILURES: '6',
    LOGIN_ADDRESS_MAX_FAILURES: '8',
    TRUST_PROXY: 'loopback',
  };

  const postLogin = (server: RunningServer, address: string, username: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });

  let servers: RunningServer[];
  beforeAll(async () => {
    servers = [spawnServer(limits, await freePort()), spawnServer(limits, await freePort())];
    running.push(...servers);
    await Promise.all(servers.map((server) => waitForStatus(`${server.url}/readyz`, 200, 60_000)));
  }, 90_000);

  test('simultaneous guesses split over two processes still get at most LOGIN_MAX_FAILURES checks', async () => {
    const user = await signedInAs('customer');
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postLogin(servers[i % 2] as RunningServer, '203.0.113.9', user.username, `wrong-${i}`),
      ),
    );
    const counts = responses.reduce<Record<number, number>>((all, { status }) => {
      all[status] = (all[status] ?? 0) + 1;
      return all;
    }, {});
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(60);
    expect(counts[401] ?? 0).toBeLessThanOrEqual(3);
  }, 60_000);

  test('past the per-username ceiling, guesses from fresh addresses wait longer and longer', async () => {
    const user = await signedInAs('customer');
    const [first, second] = servers as [RunningServer, RunningServer];
    // Two addresses use up their pair limits: 6 failures, the username's ceiling.
    for (const address of ['198.51.100.1', '198.51.100.2']) {
      for (let i = 0; i < 3; i++)
        expect((await postLogin(first, address, user.username, 'x')).status).toBe(401);
    }
    // The 7th failure is 1 s past the last: a fresh address asking at once is told to wait about a second.
    const early = await postLogin(second, '198.51.100.3', user.username, 'x');
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await postLogin(second, '198.51.100.3', user.username, 'x')).status).toBe(401);
    // The 8th must wait 2 s after the 7th, even with the right password and from yet another address.
    const next = await postLogin(first, '198.51.100.4', user.username, TEST_PASSWORD);
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await postLogin(first, '198.51.100.4', user.username, TEST_PASSWORD)).status).toBe(200);
  }, 60_000);

  test('one address guessing many usernames hits the per-address ceiling; other addresses do not', async () => {
    for (let i = 0; i < 8; i++) {
      expect(
        (await postLogin(servers[i % 2] as RunningServer, '203.0.113.77', `nobody-${i}`, 'x')).status,
      ).toBe(401);
    }
    const user = await signedInAs('customer');
    expect(
      (await postLogin(servers[0] as RunningServer, '203.0.113.77', user.username, TEST_PASSWORD)).status,
    ).toBe(429);
    expect(
      (await postLogin(servers[1] as RunningServer, '203.0.113.78', user.username, TEST_PASSWORD)).status,
    ).toBe(200);
  }, 60_000);
});
