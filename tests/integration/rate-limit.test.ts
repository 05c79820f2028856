import request from 'supertest';
import { createApp } from '../../src/app';
import { useTestDatabase } from '../helpers/database';
import { expectProblem } from '../helpers/http';

useTestDatabase();

describe('the global rate limit per client address', () => {
  test('past the limit, every route answers 429 problem+json with Retry-After and RateLimit headers, the documents and health checks too', async () => {
    const app = createApp({ rateLimitPerMinute: 5 });
    const allowed = [];
    for (let i = 0; i < 5; i++) allowed.push(await request(app).get('/api/tags'));
    expect(allowed.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(allowed[0]?.headers['ratelimit-policy']).toMatch(/q=5; w=60/);
    expect(allowed[4]?.headers.ratelimit).toMatch(/r=0/);

    const limited = await request(app).get('/api/products');
    expectProblem(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    for (const path of ['/healthz', '/openapi.json', '/', '/docs/']) {
      expectProblem(await request(app).get(path), 429, 'RATE_LIMITED');
    }
  });

  test('is off when the limit is 0, as in the other tests', async () => {
    const app = createApp({ rateLimitPerMinute: 0 });
    for (let i = 0; i < 20; i++) expect((await request(app).get('/api/tags')).status).toBe(200);
  });
});
