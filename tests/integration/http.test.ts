import { useTestDatabase, countRows } from '../helpers/database';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

describe('request bodies', () => {
  test('malformed JSON is a problem+json 400, not an HTML page', async () => {
    const response = await admin
      .post('/api/categories')
      .set('Content-Type', 'application/json')
      .send('{"category_name": ');
    const problem = expectProblem(response, 400, 'MALFORMED_JSON');
    expect(response.text).not.toMatch(/<html|<pre|at .*\.js/i);
    expect(problem.detail).not.toMatch(/SyntaxError|position/);
  });

  test('a body over 100 kB is a 413 and writes nothing', async () => {
    const response = await admin.post('/api/categories').send({ category_name: 'x'.repeat(101 * 1024) });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(await countRows('category')).toBe(0);
  });

  test.each([
    ['text/plain', 'category_name=Hats'],
    ['application/x-www-form-urlencoded', 'category_name=Hats'],
  ])('a %s body on a write is a 415', async (contentType, body) => {
    expectProblem(
      await admin.post('/api/categories').set('Content-Type', contentType).send(body),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await countRows('category')).toBe(0);
  });

  test('a JSON array or scalar instead of an object is a 400', async () => {
    expectProblem(
      await admin.post('/api/categories').send([{ category_name: 'a' }]),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await admin.post('/api/categories').set('Content-Type', 'application/json').send('"Hats"'),
      400,
      'MALFORMED_JSON',
    );
  });

  test('a write with no body reports the missing fields', async () => {
    const problem = expectProblem(await admin.post('/api/categories'), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/category_name' })]);
  });

  test('prototype keys in a body are rejected as unknown fields and change nothing', async () => {
    const response = await admin
      .post('/api/categories')
      .set('Content-Type', 'application/json')
      .send('{"category_name":"Hats","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}');
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await countRows('category')).toBe(0);
  });
});

describe('routing', () => {
  test('an unknown route is a problem+json 404', async () => {
    const problem = expectProblem(await api().get('/api/nothing-here'), 404, 'NOT_FOUND');
    expect(problem.detail).toContain('/api/nothing-here');
  });

  test('a known path with an unsupported method is a 405 with Allow', async () => {
    const response = await admin.patch('/api/categories/1').send({ category_name: 'x' });
    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, PUT, DELETE');
  });
});

describe('headers', () => {
  test('every response carries a generated X-Request-Id, also in error bodies', async () => {
    const ok = await api().get('/healthz');
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await api().get('/api/categories/abc');
    expect(problem.body.request_id).toBe(problem.headers['x-request-id']);
  });

  test('a well-formed incoming X-Request-Id is echoed; a malformed one is replaced', async () => {
    expect((await api().get('/healthz').set('X-Request-Id', 'trace-123.abc')).headers['x-request-id']).toBe(
      'trace-123.abc',
    );
    const replaced = await api().get('/healthz').set('X-Request-Id', 'bad id with spaces <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('CORS allows the configured origin, answers preflight and exposes the paging headers', async () => {
    const preflight = await api()
      .options('/api/products')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const list = await api().get('/api/products').set('Origin', 'http://localhost:5173');
    expect(list.headers['access-control-expose-headers']).toBe(
      'X-Total-Count,Link,Location,X-Request-Id,Retry-After,WWW-Authenticate,RateLimit,RateLimit-Policy',
    );
  });

  test('security headers are set and X-Powered-By is not', async () => {
    const response = await api().get('/api/tags');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /', () => {
  test('answers a small JSON index whose links lead to the docs page, the document and the catalog', async () => {
    const response = await api().get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.links).toMatchObject({
      docs: '/docs',
      openapi: '/openapi.json',
      products: '/api/products',
    });
    for (const link of ['/openapi.json', '/api/products', '/api/categories', '/api/tags', '/healthz']) {
      expect((await api().get(link)).status).toBe(200);
    }
  });
});

describe('health checks', () => {
  test('GET /healthz answers 200 while the process runs', async () => {
    const response = await api().get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  test('GET /readyz answers 200 when the database answers', async () => {
    const response = await api().get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', database: 'up', redis: 'not_configured', replicas: [] });
  });
});
