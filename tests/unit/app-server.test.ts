import { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { createAppServer } from '../../src/shared/app-server';

function buildApp() {
  const app = express();
  app.set('query parser', 'simple');
  app.get('/echo/:id', (req, res) => {
    res
      .status(203)
      .set('X-Seen', req.get('x-probe') ?? 'none')
      .json({
        id: req.params.id,
        query: req.query,
        path: req.path,
        ip: req.ip,
        same_request_prototype: Object.getPrototypeOf(req) === app.request,
        same_response_prototype: Object.getPrototypeOf(res) === app.response,
        is_incoming_message: req instanceof IncomingMessage,
        is_server_response: res instanceof ServerResponse,
        app_is_this_app: req.app === app && res.app === app,
      });
  });
  app.get('/fail', () => {
    throw new Error('boom');
  });
  app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(500).type('text/plain').send(error.message);
  });
  return app;
}

describe('createAppServer', () => {
  let server: Server;
  let app: ReturnType<typeof buildApp>;

  beforeEach(() => {
    app = buildApp();
    server = createAppServer(app);
  });

  afterEach(async () => {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  test("requests and responses are born with Express's prototype and every Express method works", async () => {
    const response = await request(server).get('/echo/42?page=2&q=lamp').set('X-Probe', 'yes').expect(203);
    expect(response.headers['x-seen']).toBe('yes');
    expect(response.body).toEqual({
      id: '42',
      query: { page: '2', q: 'lamp' },
      path: '/echo/42',
      ip: expect.stringMatching(/127\.0\.0\.1$/) as string,
      same_request_prototype: true,
      same_response_prototype: true,
      is_incoming_message: true,
      is_server_response: true,
      app_is_this_app: true,
    });
  });

  test('errors and unknown paths take their Express routes', async () => {
    await request(server).get('/fail').expect(500, 'boom');
    const missing = await request(server).get('/nowhere').expect(404);
    expect(missing.text).toContain('Cannot GET /nowhere');
  });

  test("Node creates them with Express's prototypes already, before Express sees them; the wrapper gets the app", async () => {
    const seen: Array<{ url: string | undefined; request: boolean; response: boolean }> = [];
    const wrappedApp = buildApp();
    const wrap =
      (listener: RequestListener): RequestListener =>
      (req, res) => {
        seen.push({
          url: req.url,
          request: Object.getPrototypeOf(req) === wrappedApp.request,
          response: Object.getPrototypeOf(res) === wrappedApp.response,
        });
        listener(req, res);
      };
    const wrapped = createAppServer(wrappedApp, wrap);
    try {
      await request(wrapped).get('/echo/1').expect(203);
    } finally {
      if (wrapped.listening) await new Promise((resolve) => wrapped.close(resolve));
    }
    expect(seen).toEqual([{ url: '/echo/1', request: true, response: true }]);
  });

  test('the app still serves on a server of its own', async () => {
    const response = await request(app).get('/echo/7').expect(203);
    expect(response.body).toMatchObject({ id: '7', same_request_prototype: true, is_incoming_message: true });
  });
});
