import { Redis } from 'ioredis';
import { getConfig } from '../config/env';
import { getLogger } from './logger';

/**
 * The Redis connection (REDIS_URL) through which processes share what must agree across them: the global rate
 * limit, count-cache invalidations, and read-your-writes marks. Without REDIS_URL there is none, and each of those
 * stays per process.
 *
 * Redis is a helper, never a dependency of a request: commands are not queued while it is unreachable (they fail at
 * once, and each caller falls back: the rate limit lets the request through, counts come from the database, a
 * read goes to the primary), and it is reconnected in the background. Its URL may hold a password, so it is never
 * logged.
 */
export type RedisState = 'up' | 'down' | 'not_configured';

let client: Redis | undefined;
let subscriber: Redis | undefined;

function connect(role: string): Redis {
  const config = getConfig().redis;
  if (config === undefined) throw new Error('REDIS_URL is not set');
  const connection = new Redis(config.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    autoResubscribe: false,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let reported: 'up' | 'down' | undefined;
  connection.on('ready', () => {
    if (reported === 'down') getLogger().info({ redis: role }, 'Redis reachable again');
    reported = 'up';
  });
  connection.on('error', (error: Error) => {
    if (reported === 'down') return;
    reported = 'down';
    getLogger().warn(
      { redis: role, reason: error.message },
      'Redis unreachable: serving without it (the rate limit lets requests through, counts come from the database)',
    );
  });
  return connection;
}

/** The shared command connection, or undefined without REDIS_URL. */
export function getRedis(): Redis | undefined {
  if (getConfig().redis === undefined) return undefined;
  client ??= connect('commands');
  return client;
}

/** A second connection for pub/sub (a subscribed connection can run nothing else), or undefined. */
export function getRedisSubscriber(): Redis | undefined {
  if (getConfig().redis === undefined) return undefined;
  subscriber ??= connect('subscriber');
  return subscriber;
}

/** A Redis key (or channel) in this deployment's namespace (REDIS_PREFIX). */
export function redisKey(name: string): string {
  return `${getConfig().redis?.prefix ?? ''}${name}`;
}

export function redisState(): RedisState {
  const redis = getRedis();
  if (redis === undefined) return 'not_configured';
  return redis.status === 'ready' ? 'up' : 'down';
}

/** Closes both connections (at shutdown). */
export async function closeRedis(): Promise<void> {
  const connections = [client, subscriber].filter((connection) => connection !== undefined);
  client = undefined;
  subscriber = undefined;
  await Promise.all(
    connections.map((connection) =>
      connection.quit().catch(() => {
        connection.disconnect();
      }),
    ),
  );
}
