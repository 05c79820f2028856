import type { Transaction } from 'sequelize';
import { getConfig } from '../config/env';
import { CountCache } from './count-cache';
import { getLogger } from './logger';
import { getRedis, getRedisSubscriber, redisKey } from './redis';

/**
 * The counts behind X-Total-Count and product_count, and how every process learns that they changed.
 *
 * A write that can change a count (a catalog write; a stock change that empties a product or refills an empty
 * one, which moves it in or out of `in_stock`) calls `invalidateCatalogCounts` once its transaction has committed.
 * That clears this process's cache and, with REDIS_URL, publishes on a Redis channel that every process
 * subscribes to, so each one drops its counts within milliseconds. While a process is not subscribed (Redis down,
 * or reconnecting) it cannot hear other processes' writes, so it stops caching and counts from the database.
 * Without REDIS_URL other processes see a write after at most COUNT_CACHE_MS.
 */
let cache: CountCache | undefined;

const CHANNEL = 'catalog-counts:invalidate';

function listenForInvalidations(counts: CountCache): void {
  const subscriber = getRedisSubscriber();
  if (subscriber === undefined) return;
  counts.suspend();
  const channel = redisKey(CHANNEL);
  subscriber.on('message', (from: string) => {
    if (from === channel) counts.clear();
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        counts.resume();
      },
      (error: unknown) => {
        getLogger().warn(
          { err: error },
          'cannot subscribe to count invalidations; counting from the database',
        );
      },
    );
  });
  subscriber.on('close', () => {
    counts.suspend();
  });
}

export function catalogCounts(): CountCache {
  if (cache === undefined) {
    cache = new CountCache(getConfig().countCacheMs);
    listenForInvalidations(cache);
  }
  return cache;
}

function broadcast(): void {
  catalogCounts().clear();
  const redis = getRedis();
  // Fire and forget: if Redis is down, the other processes are not subscribed either, so they are not caching.
  redis?.publish(redisKey(CHANNEL), String(process.pid)).catch(() => undefined);
}

/** Drops every process's counts, after `transaction` commits when there is one (before that, nothing changed). */
export function invalidateCatalogCounts(transaction?: Transaction | null): void {
  if (transaction) transaction.afterCommit(broadcast);
  else broadcast();
}
