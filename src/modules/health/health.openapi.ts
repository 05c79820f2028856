import { z } from 'zod';
import { documentRoute } from '../../shared/openapi';

const tag = 'Operations';

export function documentHealthRoutes(): void {
  documentRoute({
    method: 'get',
    path: '/',
    tag,
    summary: 'Index: links to the docs page, this document and the catalog',
    access: 'public',
    success: {
      status: 200,
      description: 'Where to start',
      schema: z.strictObject({
        name: z.string(),
        links: z.strictObject({
          docs: z.string(),
          openapi: z.string(),
          products: z.string(),
          categories: z.string(),
          tags: z.string(),
          health: z.string(),
          ready: z.string(),
        }),
      }),
    },
  });

  documentRoute({
    method: 'get',
    path: '/healthz',
    tag,
    summary: 'Liveness: the process answers',
    description: 'Never touches the database.',
    access: 'public',
    success: {
      status: 200,
      description: 'Alive',
      schema: z.strictObject({ status: z.literal('ok'), uptime_s: z.number().int() }),
    },
  });
  documentRoute({
    method: 'get',
    path: '/readyz',
    tag,
    summary: 'Readiness: the database answers',
    access: 'public',
    success: {
      status: 200,
      description: 'Ready',
      schema: z.strictObject({ status: z.literal('ready'), database: z.literal('up') }),
    },
  });
  documentRoute({
    method: 'get',
    path: '/openapi.json',
    tag,
    summary: 'This OpenAPI 3.1 document',
    access: 'public',
    success: { status: 200, description: 'The document', schema: z.looseObject({ openapi: z.string() }) },
  });
}
