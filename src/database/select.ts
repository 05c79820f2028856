import namedPlaceholders from 'named-placeholders';
import { QueryTypes } from 'sequelize';
import type { Transaction } from 'sequelize';
import { retryReadOnPrimary } from './read-routing';
import { getSequelize } from './sequelize';

/** What selectRows needs of a pooled mysql2 connection (Sequelize's pool holds mysql2 callback connections). */
interface PooledConnection {
  queryType?: 'read' | 'write';
  query(sql: string, values: unknown[], callback: (error: Error | null, rows: unknown) => void): void;
}

const STATEMENT_TEXTS_KEPT = 1000;

/**
 * Named replacements (`:id`) to mysql2's positional ones, with the parse of each statement kept: the converter
 * mysql2 itself uses for its `namedPlaceholders` option. Passing mysql2 the text and a list, rather than an options
 * object with that option, spares it a copy of the options per statement: 4% of an order's CPU (node --cpu-prof).
 * The texts vary with the list filters combined and the lines of a multi-row INSERT, hence more than mysql2's 100.
 */
const toPositional = namedPlaceholders({ cache: STATEMENT_TEXTS_KEPT });

/** Sends one statement on a mysql2 connection and resolves with what mysql2 answers. */
function send<T>(connection: PooledConnection, sql: string, values: Record<string, unknown>): Promise<T> {
  const [text, list] = toPositional(sql, values);
  return new Promise<T>((resolve, reject) => {
    connection.query(text, list, (error, result) => {
      if (error) reject(error);
      else resolve(result as T);
    });
  });
}

const isPooledConnection = (value: unknown): value is PooledConnection =>
  typeof value === 'object' && value !== null && typeof Reflect.get(value, 'query') === 'function';

type GetConnectionOptions = Parameters<
  ReturnType<typeof getSequelize>['connectionManager']['getConnection']
>[0];

// Sequelize's pool sends a connection request to the read replicas when its `type` is the query type SELECT (its
// typings say 'read', which the pool does not look at).
const READ = { type: QueryTypes.SELECT } as unknown as GetConnectionOptions;
const PRIMARY = { ...READ, useMaster: true };

/** Listeners told of every statement selectRows sends (the statement-count tests use it). */
export const statementListeners = new Set<(sql: string) => void>();

async function queryPooled<T>(
  sql: string,
  values: Record<string, unknown>,
  target: GetConnectionOptions,
): Promise<T[]> {
  const manager = getSequelize().connectionManager;
  // A copy: the pool's beforePoolAcquire hook may set useMaster on it.
  const options = { ...target };
  let connection: unknown;
  try {
    connection = await manager.getConnection(options);
  } catch (error) {
    if (options.useMaster !== true && retryReadOnPrimary(error)) return queryPooled(sql, values, PRIMARY);
    throw error;
  }
  if (!isPooledConnection(connection)) throw new Error('the pool gave a connection selectRows cannot use');
  for (const listener of statementListeners) listener(sql);
  try {
    return await send<T[]>(connection, sql, values);
  } catch (error) {
    if (connection.queryType === 'read' && retryReadOnPrimary(error))
      return await queryPooled(sql, values, PRIMARY);
    throw error;
  } finally {
    manager.releaseConnection(connection);
  }
}

/**
 * The one way reads are written: a SELECT with named replacements (`:id`; an array expands for IN). Inside
 * `transaction` it runs on the connection the transaction holds (its locks and snapshot, see queryInTransaction).
 * Outside one, it runs straight on a connection of Sequelize's pool (which routes it to a read replica when there
 * is one, see read-routing.ts), sent by `send` with mysql2's positional placeholders: Sequelize's query layer
 * builds a query object, a UUID, a captured stack and a copy of the options for every statement, which cost as
 * much CPU as the rest of a product read (profiled under the bench with node --cpu-prof).
 */
export function selectRows<T extends object>(
  sql: string,
  replacements: Record<string, unknown> = {},
  transaction?: Transaction,
): Promise<T[]> {
  if (transaction !== undefined) return queryInTransaction<T[]>(sql, replacements, transaction);
  return queryPooled<T>(sql, replacements, READ);
}

/** What MySQL answers a write with. */
export interface WriteResult {
  insertId: number;
  affectedRows: number;
}

/**
 * A statement on the connection a Sequelize transaction holds, sent by `send` like a pooled read: the same
 * connection, so the same locks and snapshot as Sequelize's queries in that transaction, without its query
 * layer's cost per statement (an order runs about a dozen). Errors are mysql2's own (errno 1062 for a duplicate,
 * 1452 for a missing referenced row, 1213 for a deadlock), which database/errors.ts reads at any depth.
 */
function queryInTransaction<T>(
  sql: string,
  values: Record<string, unknown>,
  transaction: Transaction,
): Promise<T> {
  // Sequelize refuses a statement on a finished transaction; so must this, or it would run on a connection the
  // pool has since handed to another request.
  if (Reflect.get(transaction, 'finished') !== undefined) {
    throw new Error(`a statement on a transaction already finished: ${sql.slice(0, 60)}`);
  }
  const connection: unknown = Reflect.get(transaction, 'connection');
  if (!isPooledConnection(connection))
    throw new Error('the transaction holds no connection selectRows can use');
  for (const listener of statementListeners) listener(sql);
  return send<T>(connection, sql, values);
}

/** An INSERT, UPDATE or DELETE with named replacements, in `transaction` (see queryInTransaction). */
export function writeInTransaction(
  sql: string,
  replacements: Record<string, unknown>,
  transaction: Transaction,
): Promise<WriteResult> {
  return queryInTransaction<WriteResult>(sql, replacements, transaction);
}

/** A read that must see the latest committed state (a token's validity): on the primary even with replicas. */
export function selectFromPrimary<T extends object>(
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<T[]> {
  return queryPooled<T>(sql, replacements, PRIMARY);
}
