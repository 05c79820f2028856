import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import type { Transaction } from 'sequelize';
import { getConfig } from '../../config/env';
import { selectFromPrimary } from '../../database/select';
import type { AuthContext, Role } from '../../shared/auth-context';
import { toDateTime3 } from '../../shared/sql';
import { AuthToken } from './auth-token.model';

export interface IssuedToken {
  token: string;
  expires_at: Date;
}

// The prefix lets secret scanners recognise a leaked token.
const TOKEN_PREFIX = 'ecm_';
export const TOKEN_PATTERN = /^ecm_[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new token for the account. Past MAX_TOKENS_PER_ACCOUNT live tokens the oldest are revoked, in the same
 * transaction when one is given, so that a script logging in in a loop cannot pile up valid tokens.
 */
export async function issueToken(accountId: number, transaction?: Transaction): Promise<IssuedToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + getConfig().tokenTtlSeconds * 1000);
  await AuthToken.create(
    { account_id: accountId, token_hash: hashToken(token), expires_at: expiresAt },
    { transaction },
  );
  await revokeTokensBeyondCap(accountId, now, transaction);
  return { token, expires_at: expiresAt };
}

/**
 * Revokes the oldest live tokens past the cap, oldest by created_at: ids are not in time order everywhere (TiDB
 * hands each server its own range of AUTO_INCREMENT values), and the newest token must never be the one revoked.
 * Two statements, whatever the number of tokens.
 */
async function revokeTokensBeyondCap(accountId: number, now: Date, transaction?: Transaction): Promise<void> {
  const surplus = await AuthToken.findAll({
    attributes: ['id'],
    where: { account_id: accountId, revoked_at: null, expires_at: { [Op.gt]: now } },
    order: [
      ['created_at', 'DESC'],
      ['id', 'DESC'],
    ],
    offset: getConfig().maxTokensPerAccount,
    transaction,
  });
  if (surplus.length === 0) return;
  await AuthToken.update(
    { revoked_at: now },
    { where: { id: surplus.map((row) => row.id), revoked_at: null }, transaction },
  );
}

interface SessionRow {
  token_id: number;
  account_id: number;
  customer_id: number;
  role: Role;
  created_at: Date;
}

/**
 * One indexed lookup: the token's account, if the token exists, is not revoked and has not expired. Always on the
 * primary, never a replica: a token revoked a moment ago must fail at once, one issued a moment ago work at once.
 */
export async function findSession(token: string): Promise<AuthContext | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await selectFromPrimary<SessionRow>(
    `SELECT t.id AS token_id, a.id AS account_id, a.customer_id, a.role, t.created_at
     FROM auth_token t JOIN account a ON a.id = t.account_id
     WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND t.expires_at > :now`,
    { hash: hashToken(token), now: toDateTime3(new Date()) },
  );
  return row === undefined
    ? null
    : {
        accountId: row.account_id,
        customerId: row.customer_id,
        role: row.role,
        tokenId: row.token_id,
        tokenIssuedAt: row.created_at,
      };
}

export async function revokeToken(tokenId: number): Promise<void> {
  await AuthToken.update({ revoked_at: new Date() }, { where: { id: tokenId, revoked_at: null } });
}

/** Revokes every live token of an account, except the one given (the caller's own, after a password change). */
export async function revokeAccountTokens(
  accountId: number,
  exceptTokenId?: number,
  transaction?: Transaction,
) {
  await AuthToken.update(
    { revoked_at: new Date() },
    {
      where: {
        account_id: accountId,
        revoked_at: null,
        ...(exceptTokenId === undefined ? {} : { id: { [Op.ne]: exceptTokenId } }),
      },
      transaction,
    },
  );
}
