import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { IncrementResponse, Options as RateLimitOptions } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { RedisReply } from 'rate-limit-redis';
import { AppError } from './errors';
import { getLogger } from './logger';
import { getRedis, redisKey } from './redis';

// express-rate-limit's messages go to the service log. A store error while Redis is down would come once per
// request; the Redis connection already logs the outage once, so those go at debug level.
const limiterLogger = {
  error: (error: unknown, message?: string) => {
    getLogger().debug({ err: error }, message ?? 'rate limiter error');
  },
  warn: (error: unknown, message?: string) => {
    getLogger().warn({ err: error }, message ?? 'rate limiter warning');
  },
};

/**
 * rate-limit-redis loads its Lua scripts once, when the limiter is set up. If Redis is unreachable then, every later
 * call would fail on that stored failure, even once Redis is back; this store loads them again after a failure.
 */
class ReloadingRedisStore extends RedisStore {
  override async init(options: RateLimitOptions): Promise<void> {
    try {
      await super.init(options);
    } catch {
      // Loaded again on the first call after Redis comes back.
    }
  }

  override async increment(key: string): Promise<IncrementResponse> {
    try {
      return await super.increment(key);
    } catch (error) {
      this.incrementScriptSha = this.loadIncrementScript();
      this.getScriptSha = this.loadGetScript();
      // Observed here so that an unreachable Redis is not an unhandled rejection; the next call awaits them.
      this.incrementScriptSha.catch(() => undefined);
      this.getScriptSha.catch(() => undefined);
      throw error;
    }
  }
}

/** The shared counter store when REDIS_URL is set, so N processes together allow the limit, not N times it. */
function sharedStore(): RedisStore | undefined {
  const redis = getRedis();
  if (redis === undefined) return undefined;
  return new ReloadingRedisStore({
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    prefix: redisKey('rate-limit:'),
  });
}

/**
 * A global limit per client address (express-rate-limit: a fixed one-minute window, IPv6 addresses grouped by
 * /56). Past it, a problem+json 429 with Retry-After; every response carries the IETF draft-8 RateLimit and
 * RateLimit-Policy headers. With REDIS_URL the count lives in Redis and every process shares it; if Redis cannot
 * be reached the request goes through (fail open: an outage of the limiter must not become an outage of the
 * shop). Without REDIS_URL the count lives in this process's memory, and each process allows the limit.
 */
export function globalRateLimit(perMinute: number): RequestHandler {
  const store = sharedStore();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    logger: limiterLogger,
    ...(store === undefined ? {} : { store, passOnStoreError: true }),
    handler: (req, _res, next) => {
      const info: unknown = Reflect.get(req, 'rateLimit');
      const reset: unknown =
        typeof info === 'object' && info !== null ? Reflect.get(info, 'resetTime') : undefined;
      const resetMs = reset instanceof Date ? reset.getTime() : Date.now() + 60_000;
      const retryAfter = Math.max(1, Math.ceil((resetMs - Date.now()) / 1000));
      next(
        new AppError(
          'RATE_LIMITED',
          `More than ${perMinute} requests a minute from this address; slow down`,
          undefined,
          retryAfter,
        ),
      );
    },
  });
}
