/** Operations: the index at /, liveness and readiness, the OpenAPI document and the docs page. */
import type { FeatureModule } from '../../shared/feature-module';
import { documentHealthRoutes } from './health.openapi';

export { createDocsRouter } from './docs.router';
export { healthRouter } from './health.router';

export const healthModule: FeatureModule = {
  docs: {
    tags: [{ name: 'Operations', description: 'Health checks and this document' }],
    document: documentHealthRoutes,
  },
};
