import {
  ConnectionAcquireTimeoutError,
  ConnectionRefusedError,
  ConnectionTimedOutError,
  HostNotReachableError,
} from 'sequelize';
import type { DatabaseConfig } from '../config/env';
import { errnoOf } from './errors';
import { SchemaMismatchError } from './setup';

/** The first string `code` along an error's chain (Sequelize wraps mysql2's error as `parent`/`original`). */
function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string') return code;
    current =
      Reflect.get(current, 'parent') ?? Reflect.get(current, 'original') ?? Reflect.get(current, 'cause');
  }
  return undefined;
}

// What can heal by waiting: the server is not up yet, is restarting, or is too busy to take a connection.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
const TRANSIENT_ERRNOS = new Set([1040, 1053, 2002, 2003, 2006, 2013]);

export interface StartupFailure {
  /** True when waiting may help (the server is starting or restarting); false when a person must fix something. */
  transient: boolean;
  /** One line for the log: what failed and which variables to check. */
  message: string;
  code?: string;
}

/** Turns an error met while preparing the database into one honest line, and says whether to retry. */
export function describeStartupFailure(error: unknown, db: DatabaseConfig): StartupFailure {
  const where = `${db.host}:${db.port}`;
  if (error instanceof SchemaMismatchError) {
    return {
      transient: false,
      message:
        `database ${db.name} on ${where} does not match the models after migrating: ` +
        `${error.mismatches.join('; ')}. A model changed without a migration (add one in db/migrations), ` +
        'or the table was altered by hand',
    };
  }
  const code = codeOf(error);
  const errno = errnoOf(error);
  const base = code === undefined ? {} : { code };
  if (code?.startsWith('ER_ACCESS_DENIED') === true || errno === 1045 || errno === 1698) {
    return {
      transient: false,
      ...base,
      message:
        `the database server at ${where} refused user "${db.user}": ` +
        'check DB_USER and DB_PASSWORD (or DB_PW, or DATABASE_URL)',
    };
  }
  if (code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_TABLEACCESS_DENIED_ERROR' || errno === 1044) {
    return {
      transient: false,
      ...base,
      message:
        `user "${db.user}" may not use or create database ${db.name} on ${where}: ` +
        'check DB_NAME and DB_USER, or grant the user rights on that database',
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      transient: false,
      ...base,
      message: `the database host "${db.host}" cannot be resolved: check DB_HOST (or DATABASE_URL)`,
    };
  }
  const transient =
    error instanceof ConnectionRefusedError ||
    error instanceof ConnectionTimedOutError ||
    error instanceof HostNotReachableError ||
    error instanceof ConnectionAcquireTimeoutError ||
    (code !== undefined && TRANSIENT_CODES.has(code)) ||
    (errno !== undefined && TRANSIENT_ERRNOS.has(errno));
  if (transient) {
    return {
      transient: true,
      ...base,
      message: `database at ${where} is not answering (${code ?? String(errno)}): check DB_HOST and DB_PORT`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    transient: false,
    ...base,
    message: `database ${db.name} on ${where} could not be prepared: ${detail}`,
  };
}
