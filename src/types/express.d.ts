import type { AuthContext } from '../shared/auth-context';

declare global {
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware when the request carries a valid bearer token. */
      auth?: AuthContext;
      /** The request id: the client's well-formed X-Request-Id, or one made for it (createRequestLogger). */
      id?: string;
    }
  }
}
