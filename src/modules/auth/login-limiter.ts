import { QueryTypes } from 'sequelize';
import { getConfig } from '../../config/env';
import { getSequelize } from '../../database/sequelize';
import { AppError } from '../../shared/errors';
import { toDateTime3 } from '../../shared/sql';
import { LoginFailure } from './login-failure.model';

/** Past the per-username ceiling, each further attempt waits this long after the last, doubling each time. */
const BACKOFF_BASE_MS = 1_000;

interface AttemptCounts {
  pair: number;
  pair_oldest: Date | null;
  by_username: number;
  username_latest: Date | null;
  by_address: number;
  address_oldest: Date | null;
}

const keyOf = (username: string) => username.toLowerCase().slice(0, 50);
const windowMs = () => getConfig().login.windowMinutes * 60_000;
const timeOf = (value: Date | string | null) => (value === null ? undefined : new Date(value).getTime());

/** What the window holds for this attempt's pair, username and address; one statement, all on indexes. */
async function countAttempts(username: string, address: string, since: Date, ownId: number) {
  const [row] = await getSequelize().query<AttemptCounts>(
    `SELECT
       (SELECT COUNT(*) FROM login_failure
         WHERE username = :username AND client_address = :address AND failed_at > :since) AS pair,
       (SELECT MIN(failed_at) FROM login_failure
         WHERE username = :username AND client_address = :address AND failed_at > :since) AS pair_oldest,
       (SELECT COUNT(*) FROM login_failure WHERE username = :username AND failed_at > :since) AS by_username,
       (SELECT MAX(failed_at) FROM login_failure
         WHERE username = :username AND failed_at > :since AND id <> :ownId) AS username_latest,
       (SELECT COUNT(*) FROM login_failure WHERE client_address = :address AND failed_at > :since) AS by_address,
       (SELECT MIN(failed_at) FROM login_failure
         WHERE client_address = :address AND failed_at > :since) AS address_oldest`,
    { replacements: { username, address, since: toDateTime3(since), ownId }, type: QueryTypes.SELECT },
  );
  if (row === undefined) throw new Error('the login attempt count returned no row');
  return row;
}

/** How long this attempt must wait, in ms; 0 lets the password be checked. */
function waitBeforeCheck(counts: AttemptCounts, nowMs: number): number {
  const { maxFailures, usernameMaxFailures, addressMaxFailures } = getConfig().login;
  const window = windowMs();
  const untilOldestLeaves = (oldest: Date | null) => (timeOf(oldest) ?? nowMs) + window - nowMs;
  const waits = [0];
  if (counts.pair > maxFailures) waits.push(untilOldestLeaves(counts.pair_oldest));
  if (counts.by_address > addressMaxFailures) waits.push(untilOldestLeaves(counts.address_oldest));
  const excess = counts.by_username - usernameMaxFailures;
  if (excess > 0) {
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(excess - 1, 30), window);
    waits.push((timeOf(counts.username_latest) ?? nowMs - backoff) + backoff - nowMs);
  }
  return Math.max(...waits);
}

/**
 * Counts a login attempt before its password is checked, atomically: the attempt is written first (as a failure,
 * until proven otherwise) and then the window is counted, own row included. Of N simultaneous guesses, the k-th
 * to be written sees at least k rows, so at most LOGIN_MAX_FAILURES of them reach the password check, in one
 * process or many. Limits hold per (username, address) pair, so a guesser at one address never locks the owner
 * out at another; a higher per-username ceiling with a doubling backoff slows guesses spread over many
 * addresses, and a per-address ceiling one address guessing many usernames. A refused attempt removes its row
 * and answers 429 with how long to wait.
 */
export async function startLoginAttempt(username: string, clientAddress: string): Promise<void> {
  const key = keyOf(username);
  const now = new Date();
  const attempt = await LoginFailure.create({ username: key, client_address: clientAddress, failed_at: now });
  const counts = await countAttempts(key, clientAddress, new Date(now.getTime() - windowMs()), attempt.id);
  const waitMs = waitBeforeCheck(counts, now.getTime());
  if (waitMs <= 0) return;
  await LoginFailure.destroy({ where: { id: attempt.id } });
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError(
    'RATE_LIMITED',
    `Too many failed logins; try again in ${retryAfterSeconds} seconds`,
    undefined,
    retryAfterSeconds,
  );
}

/**
 * A successful login clears the failures of its own (username, address) pair, its own attempt included, and
 * never those other addresses caused.
 */
export async function clearPairFailures(username: string, clientAddress: string): Promise<void> {
  await LoginFailure.destroy({ where: { username: keyOf(username), client_address: clientAddress } });
}
