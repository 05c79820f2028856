import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { getOpenApiDocument } from '../../openapi';

export const docsRouter = Router();

docsRouter.get('/openapi.json', (_req, res) => {
  res.json(getOpenApiDocument());
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
