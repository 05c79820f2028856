import { Router } from 'express';
import { getSequelize } from '../../database/sequelize';
import { AppError } from '../../shared/errors';

export const healthRouter = Router();

/** Where to go from the root: a newcomer who opens http://localhost:3001/ finds the docs and the API. */
export const SERVICE_INDEX = {
  name: 'E-commerce Back End API',
  links: {
    docs: '/docs',
    openapi: '/openapi.json',
    products: '/api/products',
    categories: '/api/categories',
    tags: '/api/tags',
    health: '/healthz',
    ready: '/readyz',
  },
} as const;

healthRouter.get('/', (_req, res) => {
  res.json(SERVICE_INDEX);
});

/** Liveness: the process answers. It never touches the database, so a database outage does not restart it. */
healthRouter.get('/healthz', (_req, res) => {
  res.json({ status: 'ok', uptime_s: Math.round(process.uptime()) });
});

/** Readiness: the database answers a query. */
healthRouter.get('/readyz', async (_req, res) => {
  try {
    await getSequelize().query('SELECT 1');
  } catch {
    throw new AppError('DATABASE_UNAVAILABLE', 'The database is unreachable', undefined, 5);
  }
  res.json({ status: 'ready', database: 'up' });
});
