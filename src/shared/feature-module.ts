import type { Router } from 'express';

/**
 * What a module in src/modules offers the application, declared in its index.ts: the composition root mounts its
 * routers and the OpenAPI document takes its docs. A new resource is a folder with one of these, one line in
 * src/modules/index.ts, and its models in database/associations.ts (the ER diagram).
 */
export interface FeatureModule {
  /** Routers mounted under /api, in this order. */
  routes?: ReadonlyArray<{ path: string; router: () => Router }>;
  /** Its tags on the docs page, and a function that documents its routes (called once per document). */
  docs?: { tags: ReadonlyArray<{ name: string; description: string }>; document: () => void };
}
