import type { Router } from 'express';
import { FEATURE_MODULES } from './modules';
import { routerFor } from './shared/endpoint';

const allEndpoints = () => FEATURE_MODULES.flatMap(({ endpoints }) => endpoints);

/** Every feature module's operations under /api, mounted there. */
export const createApiRouter = (): Router =>
  routerFor(
    allEndpoints().filter(({ doc }) => doc.path.startsWith('/api/')),
    '/api',
  );

/** The operations outside /api (the index and the health checks), mounted at the root. */
export const createRootRouter = (): Router =>
  routerFor(
    allEndpoints().filter(({ doc }) => !doc.path.startsWith('/api/')),
    '',
  );
