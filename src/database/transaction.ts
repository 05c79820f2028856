import { setTimeout as delay } from 'node:timers/promises';
import type { Transaction } from 'sequelize';
import { errnoOf } from './errors';
import { sequelize } from './sequelize';

// ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: InnoDB rolled the work back, so running it again is safe.
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
const MAX_ATTEMPTS = 5;

export const isRetryableTransactionError = (error: unknown): boolean => {
  const errno = errnoOf(error);
  return errno !== undefined && RETRYABLE_ERRNOS.has(errno);
};

/**
 * Runs `work` in one managed transaction (commit on return, rollback on throw) and runs it again, after a short
 * random pause, when InnoDB chose it as a deadlock victim or a lock wait timed out.
 */
export async function withTransaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await delay(Math.floor(Math.random() * 20 * attempt));
    }
  }
}
