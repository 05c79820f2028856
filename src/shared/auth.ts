import type { Request, RequestHandler } from 'express';
import { findSession } from '../modules/auth/token.service';
import type { AuthContext } from '../modules/auth/token.service';
import { AppError } from './errors';

const unauthenticated = (detail: string) =>
  new AppError('UNAUTHENTICATED', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="api"' });

/**
 * Reads `Authorization: Bearer <token>` when present. A request without one goes on anonymous; a request with
 * a malformed, unknown, expired or revoked token is a 401 (a client should learn that its token is bad).
 */
export const authenticate: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  if (header === undefined) {
    next();
    return;
  }
  const match = /^Bearer +(\S+)$/i.exec(header);
  if (match?.[1] === undefined) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  const session = await findSession(match[1]);
  if (session === null) throw unauthenticated('The token is invalid, expired or revoked; log in again');
  req.auth = session;
  next();
};

/** The caller's session, or a 401. */
export function actorOf(req: Request): AuthContext {
  if (req.auth === undefined) throw unauthenticated('Log in and send "Authorization: Bearer <token>"');
  return req.auth;
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  actorOf(req);
  next();
};

/** 401 without a valid token, 403 with a customer's. */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (actorOf(req).role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin may do this');
  next();
};

export const isAdmin = (actor: AuthContext) => actor.role === 'admin';
