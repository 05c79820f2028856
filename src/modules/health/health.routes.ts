import { replicaStatuses } from '../../database/read-routing';
import { redisState } from '../../shared/redis';
import { z } from 'zod';
import { getSequelize } from '../../database/sequelize';
import { endpoint } from '../../shared/endpoint';
import { AppError } from '../../shared/errors';
import type { RouteDoc } from '../../shared/openapi';

const tag = 'Operations';

/** Where to go from the root: a newcomer who opens http://localhost:3001/ finds the docs and the API. */
const SERVICE_INDEX = {
  name: 'E-commerce Back End API',
  links: {
    docs: '/docs',
    openapi: '/openapi.json',
    products: '/api/products',
    categories: '/api/categories',
    tags: '/api/tags',
    health: '/healthz',
    ready: '/readyz',
  },
};

export const healthEndpoints = [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'getIndex',
    tag,
    summary: 'Index: links to the docs page, this document and the catalog',
    access: 'public',
    success: {
      status: 200,
      description: 'Where to start',
      schema: z.strictObject({
        name: z.string(),
        links: z.strictObject(
          Object.fromEntries(Object.keys(SERVICE_INDEX.links).map((link) => [link, z.string()])),
        ),
      }),
    },
    handle: () => Promise.resolve(SERVICE_INDEX),
  }),
  endpoint({
    method: 'get',
    path: '/healthz',
    operationId: 'checkLiveness',
    tag,
    summary: 'Liveness: the process answers',
    description: 'Never touches the database.',
    access: 'public',
    success: {
      status: 200,
      description: 'Alive',
      schema: z.strictObject({ status: z.literal('ok'), uptime_s: z.number().int() }),
    },
    handle: () => Promise.resolve({ status: 'ok', uptime_s: Math.round(process.uptime()) }),
  }),
  endpoint({
    method: 'get',
    path: '/readyz',
    operationId: 'checkReadiness',
    tag,
    summary: 'Readiness: the database answers',
    description:
      'The primary database must answer (otherwise 503). Redis (with REDIS_URL) and the read replicas (with DB_READ_HOSTS) are reported but do not make the process unready: without Redis it serves with per-process limits and uncached counts, and reads skip a replica that is down or lagging. `status` is `degraded` when either is not fully up.',
    access: 'public',
    success: {
      status: 200,
      description: 'Ready',
      schema: z.strictObject({
        status: z.enum(['ready', 'degraded']),
        database: z.literal('up'),
        redis: z.enum(['up', 'down', 'not_configured']),
        replicas: z.array(
          z.strictObject({
            address: z.string(),
            state: z.enum(['unknown', 'ok', 'lagging', 'down']),
            lag_s: z.number().nullable(),
          }),
        ),
      }),
    },
    handle: async () => {
      try {
        await getSequelize().query('SELECT 1');
      } catch {
        throw new AppError('DATABASE_UNAVAILABLE', 'The database is unreachable', undefined, 5);
      }
      const redis = redisState();
      const replicas = replicaStatuses();
      const degraded = redis === 'down' || replicas.some((replica) => replica.state !== 'ok');
      return { status: degraded ? 'degraded' : 'ready', database: 'up', redis, replicas };
    },
  }),
];

/** Served by the docs router from one serialized buffer, documented here with the rest. */
export const openApiDocumentRoute: RouteDoc = {
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tag,
  summary: 'This OpenAPI 3.1 document',
  access: 'public',
  success: { status: 200, description: 'The document', schema: z.looseObject({ openapi: z.string() }) },
};
