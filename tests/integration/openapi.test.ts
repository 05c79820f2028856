import { readFile } from 'node:fs/promises';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Response } from 'supertest';
import { getOpenApiDocument } from '../../src/openapi';
import { extractApiOverview, renderApiOverview } from '../../src/shared/api-overview';
import { assertMatchesContract } from '../helpers/contract';
import { useTestDatabase } from '../helpers/database';
import { listExpressRoutes } from '../helpers/express-routes';
import { api, app } from '../helpers/http';

useTestDatabase();

const document = getOpenApiDocument();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
  METHODS.filter((method) => item[method] !== undefined).map((method) => `${method.toUpperCase()} ${route}`),
);

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document (checked by swagger-parser)', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  test('documents every route Express serves, and Express serves every documented route', () => {
    const served = listExpressRoutes(app).map(
      ({ method, path: route }) => `${method.toUpperCase()} ${route}`,
    );
    expect(served.length).toBeGreaterThan(40);
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
  });

  test('every operation has a summary, a tag and a problem+json schema for each error status; bodies have examples', () => {
    for (const item of Object.values(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation === undefined) continue;
        expect(operation.summary).toBeTruthy();
        expect(operation.tags).toHaveLength(1);
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) >= 400)
            expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
        const body = operation.requestBody as { content?: Record<string, { example?: unknown }> } | undefined;
        if (body !== undefined) expect(body.content?.['application/json']?.example).toBeDefined();
      }
    }
  });

  test('routes that need a token declare the bearer scheme, and paged lists their headers', () => {
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const ordersPost = document.paths?.['/api/orders']?.post;
    expect(ordersPost?.security).toEqual([{ bearerAuth: [] }]);
    // Public: an empty requirement, which says "no token" where leaving it out would say nothing.
    expect(document.paths?.['/api/products']?.get?.security).toEqual([]);
    const listHeaders = (document.paths?.['/api/products']?.get?.responses?.['200'] as { headers?: object })
      .headers;
    expect(Object.keys(listHeaders ?? {})).toEqual(
      expect.arrayContaining(['X-Request-Id', 'RateLimit', 'X-Total-Count', 'Link']),
    );
  });

  test('GET /openapi.json serves it', async () => {
    const response = await api().get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  test('GET /docs serves an interactive page and its assets from this server, with no CDN', async () => {
    const page = await api().get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      expect((await api().get(`/docs/${asset.replace(/^\.\//, '')}`)).status).toBe(200);
    }
    const init = await api().get('/docs/swagger-ui-init.js');
    expect(init.text).toContain('"openapi": "3.1.0"');
    expect(init.text).not.toMatch(/https?:\/\/(?!localhost)[a-z]/i);
  });

  test("the README's API overview is the one generated from the document", async () => {
    const readme = await readFile(path.resolve(__dirname, '../../README.md'), 'utf8');
    expect(extractApiOverview(readme)).toBe(renderApiOverview(document));
  });
});

describe('the contract check every integration test runs', () => {
  const fake = (status: number, body: unknown, contentType = 'application/json') =>
    ({
      status,
      body,
      text: JSON.stringify(body),
      headers: { 'content-type': contentType },
    }) as unknown as Response;

  test('refuses a status the document does not list', () => {
    expect(() => {
      assertMatchesContract('get', '/api/products', fake(418, {}));
    }).toThrow(/does not list/);
  });

  test('refuses a body that does not match the schema, such as a leaked field', () => {
    const tag = { id: 1, tag_name: 'red', product_count: 0, products: [], password_hash: 'x' };
    expect(() => {
      assertMatchesContract('get', '/api/tags/1', fake(200, tag));
    }).toThrow(/does not match/);
  });

  test('accepts a documented problem', () => {
    const problem = {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'Tag 9 does not exist',
      code: 'NOT_FOUND',
      request_id: 'r',
    };
    expect(() => {
      assertMatchesContract('get', '/api/tags/9', fake(404, problem, 'application/problem+json'));
    }).not.toThrow();
  });
});
