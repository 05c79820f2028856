import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRequestLogger } from '../../src/shared/http';

/** An app with the request logger writing into `lines`, answering 200, 503, or never (for an aborted request). */
function loggedApp(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(createRequestLogger(pino({ base: undefined }, sink)));
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/down', (_req, res) => {
    res.status(503).json({ ok: false });
  });
  return app;
}

describe('the request log', () => {
  test('one line per request: id, method, redacted URL, address, status and time, at info', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const response = await request(loggedApp(lines)).get('/ok?access_token=abc&page=2').expect(200);
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        req: {
          id,
          method: 'GET',
          url: '/ok?access_token=[redacted]&page=2',
          remote_address: expect.any(String),
        },
        res: { status: 200 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      },
    ]);
  });

  test('a well-formed incoming X-Request-Id is echoed and logged; a malformed one is replaced', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = loggedApp(lines);
    await request(app).get('/ok').set('X-Request-Id', 'trace-42').expect('X-Request-Id', 'trace-42');
    const replaced = await request(app).get('/ok').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
    expect(lines.map((line) => (line.req as { id: string }).id)).toEqual([
      'trace-42',
      replaced.headers['x-request-id'],
    ]);
  });

  test('a 5xx answer is logged at error', async () => {
    const lines: Array<Record<string, unknown>> = [];
    await request(loggedApp(lines)).get('/down').expect(503);
    expect(lines).toEqual([expect.objectContaining({ level: 50, res: { status: 503 } })]);
  });
});
