import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getOpenApiDocument } from '../../src/openapi';
import { seedAll } from '../../seeds';
import { findOperation } from '../helpers/contract';
import { useTestDatabase } from '../helpers/database';
import { checkedRequest } from '../helpers/http';

useTestDatabase();

interface NameValue {
  name: string;
  value: string;
  disabled?: boolean;
}

interface Resource {
  _id: string;
  _type: string;
  parentId: string | null;
  name?: string;
  url?: string;
  method?: string;
  metaSortKey?: number;
  data?: Record<string, string>;
  body?: { mimeType?: string; text?: string };
  headers?: NameValue[];
  parameters?: NameValue[];
  authentication?: { type?: string; token?: string; prefix?: string; disabled?: boolean };
}

const collectionPath = path.resolve(__dirname, '../../insomnia/ecommerce-api.insomnia.json');
const exported = JSON.parse(readFileSync(collectionPath, 'utf8')) as {
  __export_format: number;
  resources: Resource[];
};
const resources = exported.resources;
const bySortKey = (a: Resource, b: Resource) => (a.metaSortKey ?? 0) - (b.metaSortKey ?? 0);

const workspace = resources.find((resource) => resource._type === 'workspace');
const baseEnvironment = resources.find(
  (resource) => resource._type === 'environment' && resource.parentId === workspace?._id,
);
const folders = resources.filter((resource) => resource._type === 'request_group').sort(bySortKey);
/** The order Insomnia shows and a person runs them: folder by folder, top to bottom. */
const requests = folders.flatMap((folder) =>
  resources
    .filter((resource) => resource._type === 'request' && resource.parentId === folder._id)
    .sort(bySortKey),
);

const expectedStatus = (request: Resource) => Number(/\((\d{3})\)/.exec(request.name ?? '')?.[1]);

/** `$.a.b` only: what the collection's response tags use. */
function readJsonPath(body: unknown, jsonPath: string): unknown {
  return jsonPath
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((key) => key !== '')
    .reduce<unknown>(
      (value, key) => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined),
      body,
    );
}

describe('the Insomnia collection', () => {
  test('is a v4 export with an environment holding base_url, folders by resource, and a status in every request name', () => {
    expect(exported.__export_format).toBe(4);
    expect(baseEnvironment?.data?.base_url).toBe('http://localhost:3001');
    expect(folders.map((folder) => folder.name)).toEqual(
      expect.arrayContaining([
        'Auth',
        'Customers',
        'Accounts',
        'Orders',
        'Stock',
        'Categories',
        'Products',
        'Tags',
      ]),
    );
    for (const request of requests) expect(expectedStatus(request)).toBeGreaterThanOrEqual(200);
  });

  test('has a request for every operation of the OpenAPI document', () => {
    const document = getOpenApiDocument();
    const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item[method] !== undefined)
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    const covered = new Set(
      requests.map((request) => {
        const url = (request.url ?? '').replace('{{ _.base_url }}', '').replace(/\{%[^%]*%\}/g, '1');
        const operation = findOperation((request.method ?? 'GET').toLowerCase(), url);
        return operation === undefined
          ? `unknown ${request.method ?? ''} ${url}`
          : `${operation.method.toUpperCase()} ${operation.template}`;
      }),
    );
    expect(documented.filter((operation) => !covered.has(operation))).toEqual([]);
  });

  test('replays in order against freshly seeded data: every request gets the status its name says, never a 5xx', async () => {
    await seedAll();
    const environment: Record<string, string> = { ...baseEnvironment?.data, base_url: '' };
    const responses = new Map<string, unknown>();
    const render = (template: string) =>
      template
        .replace(/\{\{\s*_\.(\w+)\s*\}\}/g, (_match, name: string) => environment[name] ?? '')
        .replace(/\{%\s*uuid\s+'v4'\s*%\}/g, () => randomUUID())
        .replace(
          /\{%\s*response\s+'body',\s*'([^']+)',\s*'b64::([^:]+)::46b'[^%]*%\}/g,
          (_match, id: string, b64: string) =>
            String(readJsonPath(responses.get(id), Buffer.from(b64, 'base64').toString('utf8'))),
        );

    const mismatches: string[] = [];
    for (const request of requests) {
      const method = (request.method ?? 'GET').toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const query = (request.parameters ?? [])
        .filter((parameter) => parameter.disabled !== true)
        .map(
          (parameter) =>
            `${encodeURIComponent(parameter.name)}=${encodeURIComponent(render(parameter.value))}`,
        )
        .join('&');
      const url = render(request.url ?? '') + (query === '' ? '' : `?${query}`);
      const test = checkedRequest(method, url);
      for (const header of request.headers ?? []) {
        if (header.disabled !== true) test.set(header.name, render(header.value));
      }
      const auth = request.authentication;
      if (auth?.type === 'bearer' && auth.disabled !== true && auth.token !== undefined) {
        test.set(
          'Authorization',
          `${auth.prefix === '' || auth.prefix === undefined ? 'Bearer' : auth.prefix} ${render(auth.token)}`,
        );
      }
      const text = request.body?.text;
      const response = await (text === undefined || text === '' ? test : test.send(render(text)));
      responses.set(request._id, response.body);
      if (response.status !== expectedStatus(request) || response.status >= 500) {
        mismatches.push(
          `${request.name ?? request._id}: ${method.toUpperCase()} ${url} -> ${response.status} ${response.text.slice(0, 200)}`,
        );
      }
    }
    expect(requests.length).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  });
});
