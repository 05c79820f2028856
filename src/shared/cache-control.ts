import type { RequestHandler } from 'express';

// Express matches routes whatever their letter case, so /API/Customers/1 must be covered too.
const PERSONAL_PATHS = /^\/api\/(auth|customers|accounts|orders)(\/|$)/i;
const API_PATH = /^\/api(\/|$)/i;

/**
 * `Cache-Control: no-store` on every response that may carry personal data or a token, errors included, so
 * that no browser, proxy or CDN keeps a copy: every route of auth, customers, accounts and orders, and any API
 * request that sends credentials. Set before routing, since the token is checked later; a request with an
 * invalid token gets it too, which costs nothing. Anonymous catalog reads stay cacheable.
 */
export const noStoreForPersonalData: RequestHandler = (req, res, next) => {
  if (PERSONAL_PATHS.test(req.path) || (API_PATH.test(req.path) && req.headers.authorization !== undefined)) {
    res.set('Cache-Control', 'no-store');
  }
  next();
};
