import { getConfig } from '../../config/env';
import { CountCache } from '../../shared/count-cache';

/**
 * Counts behind X-Total-Count and product_count. Catalog writes in this process clear it; stock changes from
 * orders do not (only the in_stock filter's count depends on them, and it is at most COUNT_CACHE_MS old).
 */
let cache: CountCache | undefined;

export function catalogCounts(): CountCache {
  cache ??= new CountCache(getConfig().countCacheMs);
  return cache;
}
