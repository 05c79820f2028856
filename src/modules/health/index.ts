/** Operations: the index at /, liveness and readiness, the OpenAPI document and the docs page. */
import type { FeatureModule } from '../../shared/feature-module';
import { healthEndpoints, openApiDocumentRoute } from './health.routes';

export { createDocsRouter } from './docs.router';

export const healthModule: FeatureModule = {
  endpoints: healthEndpoints,
  tags: [{ name: 'Operations', description: 'Health checks and this document' }],
  documentedOnly: [openApiDocumentRoute],
};
