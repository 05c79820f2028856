import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OperationObject, ResponseObject } from 'openapi3-ts/oas31';
import type { Response } from 'supertest';
import { getOpenApiDocument } from '../../src/openapi';

const document = getOpenApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// The whole document is one schema resource, so "#/components/schemas/..." references resolve inside it.
ajv.addSchema({ ...document, $id: 'openapi' });

interface Operation {
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operation: OperationObject;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

const operations: Array<Operation & { method: Method }> = Object.entries(document.paths ?? {}).flatMap(
  ([template, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (operation === undefined) return [];
      // Express also routes an empty segment (/api/tags//x) to a parameter, where validation answers 400.
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]*')}$`);
      const literalSegments = template
        .split('/')
        .filter((segment) => segment !== '' && !segment.startsWith('{')).length;
      return [{ method, template, pattern, literalSegments, operation }];
    }),
);

/** The documented operation for a method and a concrete path, preferring the most literal template. */
export function findOperation(method: string, path: string) {
  return operations
    .filter((candidate) => candidate.method === method && candidate.pattern.test(path))
    .sort((a, b) => b.literalSegments - a.literalSegments)[0];
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `openapi#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const problemPointer = '/components/schemas/Problem';

/**
 * Fails unless the response is one the OpenAPI document promises: a documented status for the operation, with a
 * body that validates against that status's schema. Requests outside the document (unknown routes, wrong
 * methods) must get a problem+json: 404 or 405, or what global middleware answers before routing.
 */
export function assertMatchesContract(method: string, url: string, response: Response): void {
  const rawPath = new URL(url, 'http://localhost').pathname;
  // Express's default (non-strict) routing treats /api/tags/ as /api/tags.
  const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
  if (method === 'options' || path.startsWith('/docs')) return;
  const found = findOperation(method, path);
  const where = `${method.toUpperCase()} ${path}`;
  if (found === undefined) {
    // Global middleware answers before routing: a bad body (400, 413, 415), a bad token (401), the rate limit (429).
    if (![400, 401, 404, 405, 413, 415, 429].includes(response.status)) {
      throw new Error(`${where} is not in the OpenAPI document, yet answered ${response.status}`);
    }
    check(validatorFor(problemPointer), response.body, `${where} -> ${response.status}`);
    return;
  }
  const status = String(response.status);
  const documented = found.operation.responses?.[status] as ResponseObject | undefined;
  if (documented === undefined) {
    throw new Error(
      `${method.toUpperCase()} ${found.template} answered ${status}, which the OpenAPI document does not list ` +
        `(documented: ${Object.keys(found.operation.responses ?? {}).join(', ')}); body: ${response.text.slice(0, 300)}`,
    );
  }
  const mediaType = (response.headers['content-type'] ?? '').split(';')[0] ?? '';
  if (documented.content === undefined) {
    if (response.text !== '')
      throw new Error(`${where} -> ${status} should have no body, got ${response.text.slice(0, 200)}`);
    return;
  }
  if (documented.content[mediaType] === undefined) {
    throw new Error(
      `${where} -> ${status} answered ${mediaType}; documented: ${Object.keys(documented.content).join(', ')}`,
    );
  }
  const pointer = [
    '/paths',
    found.template,
    found.method,
    'responses',
    status,
    'content',
    mediaType,
    'schema',
  ]
    .map((segment, index) => (index === 0 ? segment : escapePointer(segment)))
    .join('/');
  check(validatorFor(pointer), response.body, `${method.toUpperCase()} ${found.template} -> ${status}`);
}

function check(validate: ValidateFunction, body: unknown, where: string): void {
  if (validate(body)) return;
  const problems = (validate.errors ?? [])
    .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
    .join('; ');
  throw new Error(`${where}: the body does not match the OpenAPI document: ${problems}`);
}
