import type { Endpoint } from './endpoint';
import type { RouteDoc } from './openapi';

/**
 * What a module in src/modules offers the application, declared in its index.ts: its operations, which the
 * composition root serves and the OpenAPI document describes, and its tags on the docs page. A new resource is a
 * folder with one of these, one line in src/modules/index.ts, and its models in database/associations.ts.
 */
export interface FeatureModule {
  endpoints: readonly Endpoint[];
  tags: ReadonlyArray<{ name: string; description: string }>;
  /** Routes served outside the endpoint table (the document itself), documented with the rest. */
  documentedOnly?: readonly RouteDoc[];
}
