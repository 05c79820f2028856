import type { Request, RequestHandler } from 'express';
import { isAdmin } from './auth-context';
import type { AuthContext } from './auth-context';
import { AppError } from './errors';

export { isAdmin };

/** The caller's session (set by the auth module's authenticate middleware), or a 401. */
export function actorOf(req: Request): AuthContext {
  if (req.auth === undefined) {
    throw new AppError('UNAUTHENTICATED', 'Log in and send "Authorization: Bearer <token>"');
  }
  return req.auth;
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  actorOf(req);
  next();
};

/** 401 without a valid token, 403 with a customer's. */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (!isAdmin(actorOf(req))) throw new AppError('FORBIDDEN', 'Only an admin may do this');
  next();
};
