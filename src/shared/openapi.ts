import './zod-openapi';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { HeaderObject } from 'openapi3-ts/oas31';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES } from './errors';
import { MAX_PROBLEM_ERRORS } from './problem';

let registry: OpenAPIRegistry | undefined;

/** The registry every route is documented in, created on first use with the bearer-token scheme. */
export function getRegistry(): OpenAPIRegistry {
  if (registry === undefined) {
    registry = new OpenAPIRegistry();
    registry.registerComponent('securitySchemes', 'bearerAuth', {
      type: 'http',
      scheme: 'bearer',
      description:
        'A token from POST /api/auth/login or /api/auth/register, sent as "Authorization: Bearer <token>".',
    });
    for (const [name, header] of Object.entries(RESPONSE_HEADERS)) {
      registry.registerComponent('headers', name, header);
    }
  }
  return registry;
}

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODES),
    request_id: z.string(),
    errors: z
      .array(
        z.strictObject({
          pointer: z.string().optional(),
          parameter: z.string().optional(),
          detail: z.string(),
        }),
      )
      .max(MAX_PROBLEM_ERRORS)
      .optional(),
    errors_omitted: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({
        description: `How many more problems there were than the ${MAX_PROBLEM_ERRORS} listed in \`errors\``,
      }),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem: every error response has this shape.' });

/** Each error status's description: the codes it carries and when, read off the error catalog. */
function problemDescription(status: number): string {
  return Object.entries(ERROR_CATALOG)
    .filter(([, entry]) => entry.status === status)
    .map(([code, entry]) => `${code}: ${entry.description}`)
    .join('. ');
}

/** Every response header the API sends on purpose, registered once as a component and referred to by name. */
const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description:
      'The id of this request (echoed when the request sent a well-formed one); in logs and errors too',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'IETF draft-8: the quota left in the current window (while RATE_LIMIT_PER_MINUTE is on)',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'IETF draft-8: the quota and its window, such as "600-in-1min"; q=600; w=60',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: 'no-store on every response that may carry personal data or a token',
    schema: { type: 'string', enum: ['no-store'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
  'WWW-Authenticate': { description: 'Bearer realm="api" (RFC 6750)', schema: { type: 'string' } },
  'X-Total-Count': {
    description: 'Rows matching the filters, on all pages',
    schema: { type: 'integer', minimum: 0 },
  },
  Link: { description: 'RFC 8288 links: first, prev, next and last pages', schema: { type: 'string' } },
  Location: { description: 'URL of the created resource', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: 'true when this answers a retry with the same Idempotency-Key: nothing new was done',
    schema: { type: 'string', enum: ['true'] },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeader = keyof typeof RESPONSE_HEADERS;

const headerRefs = (names: readonly ResponseHeader[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** What every response of an operation carries; personal data comes with Cache-Control: no-store. */
const commonHeaders = (access: Access): ResponseHeader[] => [
  'X-Request-Id',
  'RateLimit',
  'RateLimit-Policy',
  ...(access === 'public' ? [] : ['Cache-Control' as const]),
];

const PROBLEM_HEADERS: Partial<Record<number, ResponseHeader[]>> = {
  401: ['WWW-Authenticate'],
  429: ['Retry-After'],
  503: ['Retry-After'],
};

const problemResponse = (status: number, access: Access) => ({
  description: problemDescription(status),
  headers: headerRefs([...commonHeaders(access), ...(PROBLEM_HEADERS[status] ?? [])]),
  content: { 'application/problem+json': { schema: problemSchema } },
});

export type Access = 'public' | 'customer' | 'admin';

const ACCESS_NOTES: Record<Access, string> = {
  public: 'No token needed.',
  customer: 'Needs a token (any role); a customer reaches only its own data, an admin everything.',
  admin: 'Needs an admin token.',
};

export interface RouteDoc {
  /** Stable and camelCase: what generated clients name the operation (listProducts, placeOrder). */
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: /api/products/{id} */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: NonNullable<RouteConfig['request']>['params'];
  query?: NonNullable<RouteConfig['request']>['query'];
  body?: z.ZodType;
  /** False for a body that may be left out entirely. */
  bodyRequired?: boolean;
  bodyExample?: unknown;
  headers?: z.ZodObject;
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: z.ZodType;
    paged?: boolean;
    location?: boolean;
    /** Headers this operation's success may carry besides those every response has. */
    headers?: ResponseHeader[];
  };
  /** Error statuses this route can give besides those implied by its access, input and body. */
  errors?: number[];
}

/**
 * Documents one route: the same zod schemas that validate the request describe it, and the error responses a
 * route can give are derived from what it takes (a body: 400, 413, 415; a token: 401; admin only: 403).
 */
export function documentRoute(route: RouteDoc): void {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) statuses.add(400);
  // The JSON body parser runs on every write, so any of them can meet a malformed, oversized or non-JSON body.
  if (route.body !== undefined || ['post', 'put', 'patch'].includes(route.method)) {
    statuses.add(400);
    statuses.add(413);
    statuses.add(415);
  }
  // Every /api route reads a bearer token when one is sent, and a bad one is a 401 even on public routes.
  if (route.access !== 'public' || route.path.startsWith('/api/')) statuses.add(401);
  // The global per-address limit covers every route.
  statuses.add(429);
  if (route.access === 'admin') statuses.add(403);
  statuses.add(500);
  statuses.add(503);

  const successHeaders: ResponseHeader[] = [
    ...commonHeaders(route.access),
    ...(route.success.paged === true ? (['X-Total-Count', 'Link'] as const) : []),
    ...(route.success.location === true ? (['Location'] as const) : []),
    ...(route.success.headers ?? []),
  ];
  const success: RouteConfig['responses'][string] = {
    description: route.success.description,
    headers: headerRefs(successHeaders),
    ...(route.success.schema === undefined
      ? {}
      : { content: { 'application/json': { schema: route.success.schema } } }),
  };
  const responses: RouteConfig['responses'] = { [route.success.status]: success };
  for (const status of [...statuses].sort((a, b) => a - b)) {
    responses[status] = problemResponse(status, route.access);
  }

  getRegistry().registerPath({
    operationId: route.operationId,
    method: route.method,
    path: route.path,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, ACCESS_NOTES[route.access]].filter(Boolean).join('\n\n'),
    'x-access': route.access,
    // An empty requirement says "no token needed"; leaving security out would not say it.
    security: route.access === 'public' ? [] : [{ bearerAuth: [] }],
    request: {
      ...(route.params === undefined ? {} : { params: route.params }),
      ...(route.query === undefined ? {} : { query: route.query }),
      ...(route.headers === undefined ? {} : { headers: route.headers }),
      ...(route.body === undefined
        ? {}
        : {
            body: {
              required: route.bodyRequired ?? true,
              content: {
                'application/json': {
                  schema: route.body,
                  ...(route.bodyExample === undefined ? {} : { example: route.bodyExample }),
                },
              },
            },
          }),
    },
    responses,
  });
}

/** Money in a response: a JSON number of dollars with at most two decimals. */
export const money = z.number().openapi({ description: 'Dollars with at most two decimals' });

/** ISO 8601 UTC timestamps, as every response writes them. */
export const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-21T22:08:03.000Z' });
