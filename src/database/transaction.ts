import { setTimeout as delay } from 'node:timers/promises';
import { Transaction } from 'sequelize';
import { getConfig } from '../config/env';
import { AppError } from '../shared/errors';
import { isDeadlock } from './errors';
import { getSequelize } from './sequelize';

const MAX_ATTEMPTS = 5;

/**
 * Caps how many transactions hold a pooled connection at once, so that a quarter of the pool (at least one
 * connection) is always left for reads and /readyz. Without it, orders waiting on one locked row filled the whole
 * pool and every unrelated read timed out waiting for a connection.
 */
class TransactionSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Waits for a slot; false when none came free within `timeoutMs`. */
  acquire(timeoutMs: number): Promise<boolean> {
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve(false);
      }, timeoutMs);
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot to the longest waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active--;
    else next();
  }
}

let slots: TransactionSlots | undefined;

function transactionSlots(): TransactionSlots {
  if (slots === undefined) {
    const { poolMax } = getConfig().db;
    slots = new TransactionSlots(Math.max(1, poolMax - Math.max(1, Math.floor(poolMax / 4))));
  }
  return slots;
}

/**
 * Thrown inside a transaction to run it again from the start: what it read changed before it could lock it (see
 * placing an order). Retried like a deadlock victim, at most MAX_ATTEMPTS times in all.
 */
export class RetryableTransactionError extends Error {
  override name = 'RetryableTransactionError';
}

const busy = () =>
  new AppError('DATABASE_BUSY', 'The server is busy with other changes; try again shortly', undefined, 2);

export interface TransactionOptions {
  /**
   * Run at READ COMMITTED instead of the server's default (REPEATABLE READ): every plain read sees what was
   * committed when that read began, including rows committed while the transaction waited for a lock. Under
   * REPEATABLE READ, InnoDB takes the snapshot at the first plain read, but TiDB takes it when the transaction
   * starts, before any lock wait. Applies to this transaction only (SET TRANSACTION, not SET SESSION).
   */
  readCommitted?: boolean;
}

/**
 * Runs `work` in one managed transaction (commit on return, rollback on throw). A deadlock victim is run again
 * after a short random pause: InnoDB rolled it back and the other side has gone on. A lock-wait timeout is not
 * retried: whoever holds the row holds it for longer than a client should wait, so the error reaches the client
 * at once as a 503 with Retry-After.
 */
export async function withTransaction<T>(
  work: (transaction: Transaction) => Promise<T>,
  { readCommitted = false }: TransactionOptions = {},
): Promise<T> {
  const gate = transactionSlots();
  if (!(await gate.acquire(getConfig().db.lockWaitTimeoutS * 1000))) throw busy();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getSequelize().transaction(
          readCommitted ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {},
          work,
        );
      } catch (error) {
        const retryable = isDeadlock(error) || error instanceof RetryableTransactionError;
        if (!retryable) throw error;
        if (attempt >= MAX_ATTEMPTS) throw error instanceof RetryableTransactionError ? busy() : error;
        await delay(Math.floor(Math.random() * 20 * attempt));
      }
    }
  } finally {
    gate.release();
  }
}
