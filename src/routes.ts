import { Router } from 'express';
import { FEATURE_MODULES } from './modules';

/** Every feature module's routers, mounted under /api in the modules' order. */
export function createApiRouter(): Router {
  const api = Router();
  for (const { routes = [] } of FEATURE_MODULES) {
    for (const { path, router } of routes) api.use(path, router());
  }
  return api;
}
