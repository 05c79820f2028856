import { OpenAPIRegistry, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES } from './errors';
import { MAX_PROBLEM_ERRORS } from './problem';

extendZodWithOpenApi(z);

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

const problemResponse = (status: number) => ({
  description: problemDescription(status),
  content: { 'application/problem+json': { schema: problemSchema } },
});

const PAGINATION_HEADERS = {
  'X-Total-Count': {
    description: 'Rows matching the filters, on all pages',
    schema: { type: 'integer' as const },
  },
  Link: {
    description: 'RFC 8288 links: first, prev, next and last pages',
    schema: { type: 'string' as const },
  },
};

export type Access = 'public' | 'customer' | 'admin';

const ACCESS_NOTES: Record<Access, string> = {
  public: 'No token needed.',
  customer: 'Needs a token (any role); a customer reaches only its own data, an admin everything.',
  admin: 'Needs an admin token.',
};

export interface RouteDoc {
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

  const success: RouteConfig['responses'][string] = {
    description: route.success.description,
    ...(route.success.schema === undefined
      ? {}
      : { content: { 'application/json': { schema: route.success.schema } } }),
    ...(route.success.paged === true ? { headers: PAGINATION_HEADERS } : {}),
    ...(route.success.location === true
      ? { headers: { Location: { description: 'URL of the created resource', schema: { type: 'string' } } } }
      : {}),
  };
  const responses: RouteConfig['responses'] = { [route.success.status]: success };
  for (const status of [...statuses].sort((a, b) => a - b)) responses[status] = problemResponse(status);

  getRegistry().registerPath({
    method: route.method,
    path: route.path,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, ACCESS_NOTES[route.access]].filter(Boolean).join('\n\n'),
    'x-access': route.access,
    ...(route.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
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
