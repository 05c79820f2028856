import { setTimeout as delay } from 'node:timers/promises';
import type { Transaction } from 'sequelize';
import { isRetryableTransactionError } from './errors';
import { sequelize } from './sequelize';

const MAX_ATTEMPTS = 5;

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
