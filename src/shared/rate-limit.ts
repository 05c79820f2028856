import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from './errors';

/**
 * A global limit per client address (express-rate-limit: a fixed one-minute window, IPv6 addresses grouped by
 * /56). Past it, a problem+json 429 with Retry-After; every response carries the IETF draft-8 RateLimit and
 * RateLimit-Policy headers. The count lives in this process's memory: with several processes, each allows the
 * limit (put a shared limit in the proxy in front of them).
 */
export function globalRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
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
