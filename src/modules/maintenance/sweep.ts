import { QueryTypes } from 'sequelize';
import { getConfig } from '../../config/env';
import { getSequelize } from '../../database/sequelize';
import { expireUnpaidOrders } from '../orders/order.service';
import { toDateTime3 } from '../../shared/sql';

const DELETE_BATCH = 1_000;
const EXPIRE_BATCH = 100;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** What one sweep did: orders expired and rows deleted, per kind. */
export interface SweepResult {
  expiredOrders: number;
  idempotencyKeys: number;
  authTokens: number;
  loginFailures: number;
}

/** The tables the sweep prunes and the time column each is pruned by; never built from input. */
const PRUNED = {
  idempotencyKeys: { table: 'idempotency_key', column: 'expires_at' },
  authTokens: { table: 'auth_token', column: 'expires_at' },
  loginFailures: { table: 'login_failure', column: 'failed_at' },
} as const;
type Pruned = (typeof PRUNED)[keyof typeof PRUNED];

/**
 * Deletes the rows whose time column is before `before`, at most DELETE_BATCH per statement, until none is left.
 * Each batch's ids are read without locks and then deleted by primary key with the condition checked again, so a
 * statement locks only the rows it deletes, never a scanned range that logins or orders are writing into. The
 * read has no ORDER BY, which would steer MySQL away from an index on the time column to the primary key.
 */
async function deleteOlderThan(
  { table, column }: Pruned,
  before: Date,
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = toDateTime3(before);
  let deleted = 0;
  while (signal?.aborted !== true) {
    const rows = await getSequelize().query<{ id: number }>(
      `SELECT id FROM ${table} WHERE ${column} < :before LIMIT :limit`,
      { replacements: { before: cutoff, limit: DELETE_BATCH }, type: QueryTypes.SELECT },
    );
    if (rows.length === 0) break;
    deleted += await getSequelize().query(`DELETE FROM ${table} WHERE id IN (:ids) AND ${column} < :before`, {
      replacements: { ids: rows.map((row) => row.id), before: cutoff },
      type: QueryTypes.BULKDELETE,
    });
    if (rows.length < DELETE_BATCH) break;
  }
  return deleted;
}

/** Expires unpaid orders a batch at a time until a batch comes back short. */
async function expireAllUnpaidOrders(now: Date, signal?: AbortSignal): Promise<number> {
  let expired = 0;
  while (signal?.aborted !== true) {
    const batch = await expireUnpaidOrders(now, EXPIRE_BATCH);
    expired += batch;
    if (batch < EXPIRE_BATCH) break;
  }
  return expired;
}

/**
 * One maintenance pass: expires unpaid orders, deletes expired idempotency keys, tokens that expired more than a
 * day ago and login failures older than the login window. Safe to run in several processes at once. Every step
 * runs even when an earlier one fails; the failures are thrown together at the end. `signal` stops it between
 * batches (shutdown).
 */
export async function runSweep(now = new Date(), signal?: AbortSignal): Promise<SweepResult> {
  const failures: unknown[] = [];
  const step = async (work: () => Promise<number>): Promise<number> => {
    try {
      return await work();
    } catch (error) {
      failures.push(error);
      return 0;
    }
  };
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const result: SweepResult = {
    expiredOrders: await step(() => expireAllUnpaidOrders(now, signal)),
    idempotencyKeys: await step(() => deleteOlderThan(PRUNED.idempotencyKeys, now, signal)),
    authTokens: await step(() => deleteOlderThan(PRUNED.authTokens, ago(DAY_MS), signal)),
    loginFailures: await step(() =>
      deleteOlderThan(PRUNED.loginFailures, ago(getConfig().login.windowMinutes * MINUTE_MS), signal),
    ),
  };
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} sweep step(s) failed`);
  return result;
}
