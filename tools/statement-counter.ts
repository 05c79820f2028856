import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';

const COM_QUERY = 0x03;
const COM_STMT_EXECUTE = 0x17;
/** A pool's per-connection set-up: how many connections a pool opens is not the work of a request. */
const SESSION_SETUP = /^\s*SET\s+(SESSION\s|time_zone\b)/i;

export interface StatementCounter {
  port: number;
  /**
   * What each statement sent so far does (statementKind), oldest first: text queries and executions of prepared
   * statements, session set-up aside.
   */
  statements: readonly string[];
  close: () => void;
}

/**
 * What a statement does, for comparing two servers' work whatever their spelling: its verb and first table, and
 * FOR UPDATE ("SELECT product FOR UPDATE", "INSERT stock_movement", "START TRANSACTION").
 */
export function statementKind(sql: string): string {
  const text = sql.replace(/[`();]/g, ' ').trim();
  const table = /\b(?:FROM|INTO|UPDATE)\s+(?!SELECT\b)(\w+)/i.exec(text)?.[1];
  const words = text.split(/\s+/).slice(0, table === undefined ? 2 : 1);
  const kind = [...words.map((word) => word.toUpperCase()), ...(table === undefined ? [] : [table])];
  if (/\bFOR\s+UPDATE$/i.test(text)) kind.push('FOR UPDATE');
  return kind.join(' ');
}

/**
 * A TCP proxy in front of MySQL that records the statements its clients send, one per round trip. Reads the MySQL
 * protocol's command packets (sequence 0) from the client side only; the server side is passed through untouched.
 */
export function startStatementCounter(host: string, port: number): Promise<StatementCounter> {
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let unread = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      unread = Buffer.concat([unread, chunk]);
      while (unread.length >= 4 && unread.length >= 4 + unread.readUIntLE(0, 3)) {
        const end = 4 + unread.readUIntLE(0, 3);
        const [sequence, command] = [unread[3], unread[4]];
        const sql = unread.toString('utf8', 5, end);
        if (sequence === 0 && command === COM_STMT_EXECUTE) statements.push('EXECUTE (prepared)');
        if (sequence === 0 && command === COM_QUERY && !SESSION_SETUP.test(sql)) {
          statements.push(statementKind(sql));
        }
        unread = unread.subarray(end);
      }
    });
  });
  return new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => {
      const address = proxy.address();
      if (typeof address !== 'object' || address === null) {
        reject(new Error('the statement counter has no port'));
        return;
      }
      resolve({
        port: address.port,
        statements,
        close: () => {
          for (const socket of sockets) socket.destroy();
          proxy.close();
        },
      });
    });
  });
}
