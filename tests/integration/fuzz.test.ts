import fc from 'fast-check';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { getOpenApiDocument } from '../../src/openapi';
import { seedAll } from '../../seeds';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { checkedRequest } from '../helpers/http';

useTestDatabase();

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 60);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  method: Method;
  template: string;
  queryNames: string[];
  bodyFields: string[];
}

const document = getOpenApiDocument();
const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
  METHODS.flatMap((method) => {
    const operation = item[method];
    if (operation === undefined) return [];
    const parameters = (operation.parameters ?? []) as Array<{ in: string; name: string }>;
    const body = operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined;
    return [
      {
        method,
        template,
        queryNames: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name),
        bodyFields: Object.keys(body?.content?.['application/json']?.schema?.properties ?? {}),
      },
    ];
  }),
);

/** Values chosen to break parsers, validators and SQL: wrong types, edges, injection, unicode, huge sizes. */
const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1.5',
    '1e309',
    '99999999999999999999',
    'NaN',
    'null',
    'true',
    "' OR 1=1 --",
    '"; DROP TABLE product; --',
    '<script>alert(1)</script>',
    'a\u0000b',
    '%',
    '_',
    '\\',
    '../../etc/passwd',
    '💥🛒',
    'x'.repeat(5_000),
    '__proto__',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, -1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 10_001, 101),
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.array(fc.oneof(nastyNumber, nastyString), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.record({ product_id: nastyNumber, quantity: nastyNumber }), { maxLength: 3 }),
);

const pathValue = fc.oneof(fc.integer({ min: -3, max: 12 }).map(String), nastyString);

function bodyArbitrary(fields: string[]): fc.Arbitrary<unknown> {
  const known =
    fields.length === 0
      ? fc.constant({})
      : fc.dictionary(fc.constantFrom(...fields), nastyValue, { maxKeys: fields.length });
  return fc.oneof(
    known,
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'status', 'total', ...fields),
      nastyValue,
    ),
  );
}

const requestArbitrary = (operation: Operation) =>
  fc.record({
    path: fc.array(pathValue, { minLength: 3, maxLength: 3 }),
    query: fc.dictionary(fc.constantFrom('page', 'per_page', 'zzz', ...operation.queryNames), nastyString, {
      maxKeys: 4,
    }),
    body: bodyArbitrary(operation.bodyFields),
    as: fc.constantFrom('admin', 'customer', 'anonymous'),
  });

const TABLES = Object.values(getSequelize().models).map((model) => model.tableName);

/**
 * A checksum of every table: equal before and after means the request wrote nothing. A refused login is the one
 * rejection that writes by design: its login_failure row is what the login rate limit counts.
 */
async function databaseChecksum(template: string): Promise<string> {
  const tables =
    template === '/api/auth/login' ? TABLES.filter((table) => table !== 'login_failure') : TABLES;
  const rows = await getSequelize().query<{ Table: string; Checksum: number }>(
    `CHECKSUM TABLE ${tables.join(', ')}`,
    {
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => `${row.Table}=${row.Checksum}`).join(';');
}

let generated = 0;

// One test seeds once and keeps its data across all generated requests (useTestDatabase empties tables before each
// test), so state built by accepted requests is part of what later requests meet.
describe('hostile input, generated with fast-check, against every operation of the OpenAPI document', () => {
  test(`never a 5xx, always a documented status and body, and a rejected write changes nothing (${RUNS_PER_OPERATION} inputs per operation)`, async () => {
    await seedAll();
    const admin: SignedIn = await signedInAs('admin');
    const customer: SignedIn = await signedInAs('customer');
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation), async (input) => {
          generated++;
          let index = 0;
          const path = operation.template.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(input.path[index++] ?? ''),
          );
          const query = new URLSearchParams(input.query).toString();
          const url = `${path}${query === '' ? '' : `?${query}`}`;
          const session =
            operation.template === '/api/auth/logout' && input.as === 'admin'
              ? await signedInAs('admin')
              : input.as === 'admin'
                ? admin
                : input.as === 'customer'
                  ? customer
                  : undefined;
          const isWrite = operation.method !== 'get';
          const before = isWrite ? await databaseChecksum(operation.template) : '';
          let test = checkedRequest(operation.method, url, session?.token);
          if (isWrite) test = test.set('Content-Type', 'application/json').send(JSON.stringify(input.body));
          // checkedRequest fails the case unless the status is documented for the operation and the body matches.
          const response = await test.catch((error: unknown) => {
            throw new Error(
              `${operation.method.toUpperCase()} ${url}: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
          if (response.status >= 500) throw new Error(`${operation.method} ${url} -> ${response.status}`);
          if (response.status >= 400) {
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            if (isWrite) expect(await databaseChecksum(operation.template)).toBe(before);
          }
        }),
        {
          numRuns: RUNS_PER_OPERATION,
          endOnFailure: true,
          // fast-check's own report shows the counterexample; this shows the contract error behind it.
          reporter: (details) => {
            if (details.failed) process.stderr.write(`fuzz failure: ${String(details.errorInstance)}\n`);
          },
        },
      );
    }
    expect(generated).toBe(operations.length * RUNS_PER_OPERATION);
  }, 600_000);
});
