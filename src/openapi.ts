import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { FEATURE_MODULES } from './modules';
import { documentEndpoints } from './shared/endpoint';
import { documentRoute, getRegistry } from './shared/openapi';

let document: OpenAPIObject | undefined;

/**
 * The OpenAPI 3.1 document, generated once, on first use, from the zod schemas that validate the requests:
 * each feature module documents its own routes.
 */
export function getOpenApiDocument(): OpenAPIObject {
  if (document !== undefined) return document;
  for (const module of FEATURE_MODULES) {
    documentEndpoints(module.endpoints);
    for (const route of module.documentedOnly ?? []) documentRoute(route);
  }
  document = new OpenApiGeneratorV31(getRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'E-commerce Back End API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'The maintainers; SECURITY.md says how to report a problem' },
      description:
        'Catalog (the bootcamp "E-commerce Back End" routes), customers and accounts, orders and inventory. Errors are RFC 9457 application/problem+json. Lists take page and per_page (1-100) and answer with X-Total-Count and Link headers.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: FEATURE_MODULES.flatMap(({ tags }) => tags),
  });
  return document;
}
