import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../config/env';
import { errnoOf } from './errors';

export type ReplicaState = 'unknown' | 'ok' | 'lagging' | 'down';

export interface ReplicaStatus {
  address: string;
  state: ReplicaState;
  /** Seconds behind the primary at the last check; null when unknown. */
  lag_s: number | null;
}

interface Replica extends ReplicaStatus {
  host: string;
  port: number;
  connection: mysql.Connection | undefined;
}

const ER_PARSE_ERROR = 1064;

/** `SHOW REPLICA STATUS` (MariaDB 10.5+, MySQL 8.0.22+), or the older spelling on older servers. */
async function replicationStatus(connection: mysql.Connection): Promise<Record<string, unknown> | undefined> {
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW REPLICA STATUS');
    return rows[0];
  } catch (error) {
    if (errnoOf(error) !== ER_PARSE_ERROR) throw error;
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW SLAVE STATUS');
    return rows[0];
  }
}

function lagOf(status: Record<string, unknown>): number | null {
  const lag = status.Seconds_Behind_Master ?? status.Seconds_Behind_Source;
  return typeof lag === 'number' ? lag : lag === null || lag === undefined ? null : Number(lag);
}

/**
 * Watches the read replicas (DB_READ_HOSTS) so that reads skip one that is down or too far behind. Sequelize's
 * replication sends reads round-robin to every configured replica whatever its state (sequelize#8832); this
 * monitor checks each one every `intervalMs` on a connection of its own (`SHOW REPLICA STATUS`), and reads go to
 * the primary unless every replica answered and is at most `maxLagS` behind. A replica that reports no
 * replication at all is taken for a node of a synchronous cluster and used as is.
 */
export class ReplicaMonitor {
  private readonly replicas: Replica[];
  private timer: NodeJS.Timeout | undefined;
  private suspectSince: number | undefined;
  private lastUsable = false;
  private checking = false;

  constructor(
    private readonly db: DatabaseConfig,
    private readonly onChange: (usable: boolean, replicas: ReplicaStatus[]) => void,
    private readonly intervalMs = 1_000,
  ) {
    this.replicas = db.readHosts.map(({ host, port }) => ({
      address: `${host}:${port}`,
      host,
      port,
      state: 'unknown',
      lag_s: null,
      connection: undefined,
    }));
  }

  /** Checks at once, then every `intervalMs`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.replicas.map((replica) => this.disconnect(replica)));
  }

  /** True when reads may go to the replicas: each passed its last check, and no read has failed on one since. */
  usable(): boolean {
    return this.suspectSince === undefined && this.replicas.every((replica) => replica.state === 'ok');
  }

  /** A read lost its connection: until the next check passes, reads go to the primary. */
  suspect(): void {
    this.suspectSince ??= Date.now();
    this.report();
  }

  statuses(): ReplicaStatus[] {
    return this.replicas.map(({ address, state, lag_s }) => ({ address, state, lag_s }));
  }

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const startedAt = Date.now();
    try {
      await Promise.all(this.replicas.map((replica) => this.checkOne(replica)));
    } finally {
      this.checking = false;
    }
    if (this.suspectSince !== undefined && this.suspectSince <= startedAt) this.suspectSince = undefined;
    this.report();
  }

  private async checkOne(replica: Replica): Promise<void> {
    try {
      replica.connection ??= await mysql.createConnection({
        host: replica.host,
        port: replica.port,
        user: this.db.user,
        password: this.db.password,
        connectTimeout: Math.max(500, this.intervalMs),
      });
      const status = await replicationStatus(replica.connection);
      if (status === undefined) {
        replica.state = 'ok';
        replica.lag_s = 0;
        return;
      }
      const lag = lagOf(status);
      replica.lag_s = lag;
      replica.state = lag === null ? 'down' : lag > this.db.replicaMaxLagS ? 'lagging' : 'ok';
    } catch {
      replica.state = 'down';
      replica.lag_s = null;
      await this.disconnect(replica);
    }
  }

  private async disconnect(replica: Replica): Promise<void> {
    const connection = replica.connection;
    replica.connection = undefined;
    if (connection !== undefined)
      await connection.end().catch(() => {
        connection.destroy();
      });
  }

  private report(): void {
    const usable = this.usable();
    if (usable !== this.lastUsable) {
      this.lastUsable = usable;
      this.onChange(usable, this.statuses());
    }
  }
}
