import { AppError } from './errors';

export const ROLES = ['admin', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the identity every service is given, set by the authenticate middleware from a bearer token. */
export interface AuthContext {
  accountId: number;
  customerId: number;
  role: Role;
  tokenId: number;
  /** When the token was issued: a log-in is a write, which read-your-writes counts. */
  tokenIssuedAt: Date;
}

export const isAdmin = (actor: AuthContext): boolean => actor.role === 'admin';

/** The access rule of personal data: an admin reaches every customer's, a customer only its own. */
export const canReach = (actor: AuthContext, customerId: number): boolean =>
  isAdmin(actor) || actor.customerId === customerId;

/**
 * Refuses another customer's data as a 404, exactly like a row that does not exist, so that ids cannot be probed.
 * `what` and `id` name the row in the message.
 */
export function assertCanReach(actor: AuthContext, customerId: number, what: string, id: number): void {
  if (!canReach(actor, customerId)) throw new AppError('NOT_FOUND', `${what} ${id} does not exist`);
}
