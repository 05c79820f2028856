import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectionAcquireTimeoutError, ConnectionError } from 'sequelize';
import type { Options } from 'sequelize';
import type { DatabaseConfig } from '../config/env';
import { getLogger } from '../shared/logger';
import { isLostDatabaseConnection } from './errors';
import { ReplicaMonitor } from './replicas';
import type { ReplicaStatus } from './replicas';

/**
 * Where reads go when DB_READ_HOSTS names read replicas. Sequelize's replication sends a SELECT outside a
 * transaction to the read pool and everything else (writes, every transaction) to the primary; on top of that:
 *
 * - only what runs inside `readFrom('replicas', ...)` reads from the replicas: the HTTP requests that
 *   read-your-writes lets (see shared/read-your-writes.ts). Everything else (start-up's schema check, the sweeper,
 *   the CLIs and seeds) reads the primary, which is never behind;
 * - reads go to the primary while a replica is down or lagging (see ReplicaMonitor);
 * - a read that finds its replica gone is run again, once, on the primary.
 */
const route = new AsyncLocalStorage<'primary' | 'replicas'>();

/** Runs `fn`, and everything it starts, with its reads sent to `target`. */
export function readFrom<T>(target: 'primary' | 'replicas', fn: () => T): T {
  return route.run(target, fn);
}

let monitor: ReplicaMonitor | undefined;

/** Each replica's state at its last check; empty without replicas. */
export const replicaStatuses = (): ReplicaStatus[] => monitor?.statuses() ?? [];

export const hasReplicas = (): boolean => monitor !== undefined;

const isRead = (sql: unknown): boolean => typeof sql === 'string' && /^\s*(SELECT|SHOW)\b/i.test(sql);

/**
 * Whether a failed statement may run again: it never reached a server (no connection could be made), or it was a
 * read whose connection was lost. A write whose connection was lost may have run, so it is never repeated. The
 * pool being exhausted is load, not an outage, and is not retried.
 */
function retryOnPrimary(error: unknown): boolean {
  if (error instanceof ConnectionAcquireTimeoutError) return false;
  const neverSent = error instanceof ConnectionError;
  if (!neverSent && !(isLostDatabaseConnection(error) && isRead(Reflect.get(error as object, 'sql'))))
    return false;
  monitor?.suspect();
  return true;
}

/**
 * For a read that ran (or tried to connect) on a replica and failed with the connection gone: marks the replicas
 * suspect and says to run it again, once, on the primary. selectRows uses it; Sequelize's own queries get the same
 * through the `retry` option below.
 */
export function retryReadOnPrimary(error: unknown): boolean {
  if (monitor === undefined || error instanceof ConnectionAcquireTimeoutError) return false;
  if (!(error instanceof ConnectionError) && !isLostDatabaseConnection(error)) return false;
  monitor.suspect();
  return true;
}

function logChange(usable: boolean, replicas: ReplicaStatus[]): void {
  if (usable) getLogger().info({ replicas }, 'reads go to the read replicas');
  else getLogger().warn({ replicas }, 'a read replica is down or lagging: reads go to the primary');
}

/** The Sequelize options for DB_READ_HOSTS (none without it), and the monitor that keeps them honest. */
export function replicationOptions(db: DatabaseConfig): Partial<Options> {
  if (db.readHosts.length === 0) return {};
  const replicas = new ReplicaMonitor(db, logChange);
  monitor = replicas;
  replicas.start();
  return {
    replication: {
      read: db.readHosts.map(({ host, port }) => ({ host, port })),
      write: { host: db.host, port: db.port },
    },
    hooks: {
      beforePoolAcquire: (options) => {
        if (route.getStore() !== 'replicas' || !replicas.usable()) options.useMaster = true;
      },
    },
    // retry-as-promised calls a match entry that is not a class (an arrow function has no prototype) with the
    // error. One retry: the replica is then suspect, so beforePoolAcquire sends the second try to the primary.
    retry: { max: 2, backoffBase: 0, match: [(error: unknown) => retryOnPrimary(error)] },
  };
}

export async function stopReplicaMonitor(): Promise<void> {
  await monitor?.stop();
}
