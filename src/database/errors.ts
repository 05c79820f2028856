import { ConnectionError, TimeoutError } from 'sequelize';

const MAX_CAUSE_DEPTH = 5;

/**
 * The error and the errors it wraps, outermost first. Sequelize keeps the driver's error in `parent` (and the same
 * object again in `original`); ES2022 errors use `cause`. Bounded, so a cycle cannot loop forever.
 */
export function causeChainOf(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < MAX_CAUSE_DEPTH && !chain.includes(current)) {
    chain.push(current);
    current =
      Reflect.get(current, 'parent') ?? Reflect.get(current, 'original') ?? Reflect.get(current, 'cause');
  }
  return chain;
}

/** The MySQL error number behind a Sequelize error, if any. */
export function errnoOf(error: unknown): number | undefined {
  for (const link of causeChainOf(error)) {
    const errno: unknown = Reflect.get(link, 'errno');
    if (typeof errno === 'number') return errno;
  }
  return undefined;
}

const ER_LOCK_DEADLOCK = 1213;

/** An INSERT or UPDATE names a row that a foreign key's table does not have. */
export const ER_NO_REFERENCED_ROW = 1452;

/** InnoDB chose this transaction as a deadlock victim and rolled it back: running it again is safe. */
export const isDeadlock = (error: unknown): boolean => errnoOf(error) === ER_LOCK_DEADLOCK;

// How a connection shows that it is gone, at whatever depth Sequelize or a caller wrapped the driver's error:
// mysql2's codes, Node's socket codes, and the client and server error numbers for a dropped or killed session.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
]);
const CONNECTION_ERRNOS = new Set([
  1053, // ER_SERVER_SHUTDOWN
  1927, // ER_CONNECTION_KILLED
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
]);

function isConnectionGone(link: Error): boolean {
  if (link instanceof ConnectionError || link instanceof TimeoutError) return true;
  // mysql2 marks an error fatal when the connection can no longer be used, whatever the statement was.
  if (Reflect.get(link, 'fatal') === true) return true;
  const code: unknown = Reflect.get(link, 'code');
  const errno: unknown = Reflect.get(link, 'errno');
  return (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    (typeof errno === 'number' && CONNECTION_ERRNOS.has(errno))
  );
}

/** The connection to the database is gone (refused, reset, killed, timed out), at whatever depth it is wrapped. */
export const isLostDatabaseConnection = (error: unknown): boolean =>
  causeChainOf(error).some(isConnectionGone);
