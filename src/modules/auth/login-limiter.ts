import { Op, QueryTypes } from 'sequelize';
import { getConfig } from '../../config/env';
import { sequelize } from '../../database/sequelize';
import { AppError } from '../../shared/errors';
import { LoginFailure } from './login-failure.model';

interface WindowRow {
  failures: number;
  oldest: Date | null;
}

const windowMs = () => getConfig().login.windowMinutes * 60_000;

async function failuresSince(
  column: 'username' | 'client_address',
  value: string,
  since: Date,
): Promise<WindowRow> {
  const [row] = await sequelize.query<WindowRow>(
    `SELECT COUNT(*) AS failures, MIN(failed_at) AS oldest FROM login_failure WHERE ${column} = :value AND failed_at > :since`,
    { replacements: { value, since }, type: QueryTypes.SELECT },
  );
  return row ?? { failures: 0, oldest: null };
}

/**
 * Refuses a login attempt, before any password is checked, once a username or a client address has
 * LOGIN_MAX_FAILURES failures inside the window; Retry-After says when the oldest of them leaves the window.
 */
export async function assertLoginAllowed(username: string, clientAddress: string): Promise<void> {
  const now = Date.now();
  const since = new Date(now - windowMs());
  const { maxFailures } = getConfig().login;
  const windows = await Promise.all([
    failuresSince('username', username.toLowerCase(), since),
    failuresSince('client_address', clientAddress, since),
  ]);
  const blocked = windows.filter((window) => window.failures >= maxFailures && window.oldest !== null);
  if (blocked.length === 0) return;
  const retryAtMs = Math.max(
    ...blocked.map((window) => new Date(window.oldest ?? now).getTime() + windowMs()),
  );
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAtMs - now) / 1000));
  throw new AppError(
    'RATE_LIMITED',
    `Too many failed logins; try again in ${retryAfterSeconds} seconds`,
    undefined,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export async function recordLoginFailure(username: string, clientAddress: string): Promise<void> {
  const key = username.toLowerCase().slice(0, 50);
  await LoginFailure.create({ username: key, client_address: clientAddress, failed_at: new Date() });
  // Rows that left the window are never read again: clear this username's, through its index.
  await LoginFailure.destroy({
    where: { username: key, failed_at: { [Op.lt]: new Date(Date.now() - windowMs()) } },
  });
}

/** A successful login clears its username's failures (not the client address's). */
export async function clearLoginFailures(username: string): Promise<void> {
  await LoginFailure.destroy({ where: { username: username.toLowerCase() } });
}
