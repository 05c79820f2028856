import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import swaggerUi from 'swagger-ui-express';

/**
 * /openapi.json and the /docs page for a document. The document never changes while the process runs, so it is
 * serialized and hashed once: every answer shares one buffer, and pipelined or repeated requests no longer build
 * (and hold) a copy each.
 */
export function createDocsRouter(document: OpenAPIObject): Router {
  const body = Buffer.from(JSON.stringify(document));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    // With ETag set, Express answers a matching If-None-Match with 304 and skips hashing the body again.
    res.set('ETag', etag).type('application/json').send(body);
  });
  // swagger-ui-express serves the Swagger UI files from the swagger-ui-dist package: no CDN, works offline.
  router.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(document, {
      customSiteTitle: 'E-commerce Back End API docs',
      swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: true },
    }),
  );
  return router;
}
