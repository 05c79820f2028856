import type { AuthContext } from '../modules/auth/token.service';

declare global {
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware when the request carries a valid bearer token. */
      auth?: AuthContext;
    }
  }
}
