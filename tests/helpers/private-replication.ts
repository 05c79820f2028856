import type { RowDataPacket } from 'mysql2';
import { PrivateMariaDb } from './private-mariadb';

/**
 * A private MariaDB primary (binary log on, row format, GTIDs) and a private replica that replicates from it,
 * each with its own data directory and port, like PrivateMariaDb. `delayS` makes the replica apply each change
 * that many seconds late (MASTER_DELAY), so a test can see what a lagging replica would serve.
 */
export class PrivateReplication {
  private constructor(
    readonly primary: PrivateMariaDb,
    readonly replica: PrivateMariaDb,
  ) {}

  static async start(options: { delayS?: number } = {}): Promise<PrivateReplication> {
    // One after the other: two bootstraps at once trip over each other's temporary tables.
    const primary = await PrivateMariaDb.create([
      '--log-bin=primary-bin',
      '--server-id=1',
      '--binlog-format=ROW',
    ]);
    const replica = await PrivateMariaDb.create([
      '--skip-log-bin',
      '--server-id=2',
      '--relay-log=replica-relay',
    ]);
    await Promise.all([primary.start(), replica.start()]);
    const connection = await replica.connect();
    try {
      await connection.query(
        `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${primary.port}, MASTER_USER = 'root',
         MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos, MASTER_DELAY = ${options.delayS ?? 0},
         MASTER_CONNECT_RETRY = 1`,
      );
      await connection.query('START SLAVE');
    } finally {
      await connection.end();
    }
    return new PrivateReplication(primary, replica);
  }

  /** Makes the replica apply each change `seconds` late from now on (MASTER_DELAY). */
  async setDelay(seconds: number): Promise<void> {
    const connection = await this.replica.connect();
    try {
      await connection.query('STOP SLAVE');
      await connection.query(`CHANGE MASTER TO MASTER_DELAY = ${String(seconds)}`);
      await connection.query('START SLAVE');
    } finally {
      await connection.end();
    }
  }

  /** Waits until the replica has applied everything the primary had written when this was called. */
  async caughtUp(timeoutMs = 15_000): Promise<void> {
    const primary = await this.primary.connect();
    const replica = await this.replica.connect();
    try {
      const [[position]] = await primary.query<Array<{ pos: string } & RowDataPacket>>(
        'SELECT @@gtid_binlog_pos AS pos',
      );
      const [[waited]] = await replica.query<Array<{ result: number | null } & RowDataPacket>>(
        'SELECT MASTER_GTID_WAIT(?, ?) AS result',
        [position?.pos ?? '', timeoutMs / 1000],
      );
      if (waited?.result !== 0) throw new Error('the replica did not catch up with the primary');
    } finally {
      await Promise.all([primary.end(), replica.end()]);
    }
  }

  /** A global status counter (such as Com_select) of one server. */
  static async statusCounter(server: PrivateMariaDb, name: string): Promise<number> {
    const connection = await server.connect();
    try {
      const [rows] = await connection.query<Array<{ Value: string } & RowDataPacket>>(
        'SHOW GLOBAL STATUS LIKE ?',
        [name],
      );
      return Number(rows[0]?.Value ?? 0);
    } finally {
      await connection.end();
    }
  }

  async destroy(): Promise<void> {
    await Promise.all([this.replica.destroy(), this.primary.destroy()]);
  }
}
