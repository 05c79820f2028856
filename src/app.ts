import cors from 'cors';
import express from 'express';
import type { Express } from 'express';
import helmet from 'helmet';
import { getConfig } from './config/env';
import type { SearchMode } from './config/env';
import { getSequelize } from './database/sequelize';
import { authenticate } from './modules/auth';
import { createDocsRouter } from './modules/health';
import { SEARCH_MODE_SETTING } from './modules/products';
import { getOpenApiDocument } from './openapi';
import { createApiRouter, createRootRouter } from './routes';
import { noStoreForPersonalData } from './shared/cache-control';
import { globalRateLimit } from './shared/rate-limit';
import { routeReads } from './shared/read-your-writes';
import {
  apiSecurityHeaders,
  errorHandler,
  notFoundHandler,
  createRequestLogger,
  requireJsonBody,
} from './shared/http';

export const BODY_LIMIT = '100kb';

export interface AppOptions {
  /** Overrides RATE_LIMIT_PER_MINUTE (0 turns the limit off). */
  rateLimitPerMinute?: number;
  /** Overrides TRUST_PROXY: tests use it to stand for clients at several addresses. */
  trustProxy?: boolean | number | string;
  /** Overrides SEARCH_MODE: tests run the product search in both modes against one database. */
  searchMode?: SearchMode;
}

/** Builds the application without listening, so that tests can drive it with supertest. */
export function createApp(options: AppOptions = {}): Express {
  const config = getConfig();
  const rateLimitPerMinute = options.rateLimitPerMinute ?? config.rateLimitPerMinute;
  // Binds the models (nothing connects until the first query), so that every route finds them ready.
  getSequelize();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? config.trustProxy);
  app.set(SEARCH_MODE_SETTING, options.searchMode ?? config.searchMode);

  app.use(createRequestLogger());
  // JSON responses get the headers that matter for an API (no sniffing, no framing, no referrer, a CSP that
  // allows nothing); the docs page, being HTML, gets helmet's full set. Twelve helmet headers on every JSON
  // response were a measurable share of the server's CPU.
  app.use(apiSecurityHeaders);
  app.use(noStoreForPersonalData);
  app.use('/docs', helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(
    cors({
      origin: config.corsOrigin,
      exposedHeaders: [
        'X-Total-Count',
        'Link',
        'Location',
        'X-Request-Id',
        'Retry-After',
        'WWW-Authenticate',
        'RateLimit',
        'RateLimit-Policy',
      ],
      maxAge: 600,
    }),
  );
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT }));

  // Every route is limited, the documents and health checks too: one address must not be able to make the
  // server build answers as fast as it can send requests.
  if (rateLimitPerMinute > 0) app.use(globalRateLimit(rateLimitPerMinute));
  app.use(createRootRouter());
  app.use(createDocsRouter(getOpenApiDocument()));
  app.use('/api', authenticate, routeReads, createApiRouter());

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
