import { createHash } from 'node:crypto';
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { getOpenApiDocument } from '../../openapi';

export const docsRouter = Router();

let serialized: { body: Buffer; etag: string } | undefined;

/**
 * The document never changes while the process runs, so it is serialized and hashed once. Every answer then
 * shares one buffer: pipelined or repeated requests no longer build (and hold) a copy each.
 */
function serializedDocument(): { body: Buffer; etag: string } {
  if (serialized === undefined) {
    const body = Buffer.from(JSON.stringify(getOpenApiDocument()));
    serialized = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }
  return serialized;
}

docsRouter.get('/openapi.json', (_req, res) => {
  const { body, etag } = serializedDocument();
  // With ETag set, Express answers a matching If-None-Match with 304 and skips hashing the body again.
  res.set('ETag', etag).type('application/json').send(body);
});

// swagger-ui-express serves the Swagger UI files from the swagger-ui-dist package: no CDN, works offline.
docsRouter.use(
  '/docs',
  swaggerUi.serve,
  swaggerUi.setup(getOpenApiDocument(), {
    customSiteTitle: 'E-commerce Back End API docs',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: true },
  }),
);
