import type { RequestHandler } from 'express';
import { AppError } from '../../shared/errors';
import { findSession } from '../customers';

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
  if (match?.[1] === undefined) {
    throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  }
  const session = await findSession(match[1]);
  if (session === null)
    throw new AppError('UNAUTHENTICATED', 'The token is invalid, expired or revoked; log in again');
  req.auth = session;
  next();
};
