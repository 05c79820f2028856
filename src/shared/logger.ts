import pino from 'pino';
import { BaseError } from 'sequelize';
import { getConfig } from '../config/env';
import { causeChainOf } from '../database/errors';

// Secrets never reach a log line, whichever object carries them.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.password_hash',
  '*.token',
];

/** What an error log keeps of an error and of each error it wraps. */
export interface SerializedError {
  type: string;
  name?: string;
  message: string;
  code?: string | number;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  stack?: string;
  cause?: SerializedError;
}

// A literal quoted by the database ('x@y', "abc"). It ends at a quote followed by a delimiter or the end, so a
// value with a quote inside ('O'Brien') is scrubbed whole rather than cut in two.
const QUOTED_LITERAL = /'(?:[^']|'(?![\s,.;:)\]]|$))*'|"(?:[^"]|"(?![\s,.;:)\]]|$))*"/g;

/** "Duplicate entry 'x@y' for key 'email'" -> "Duplicate entry '?' for key '?'": row values stay out of logs. */
export const scrubQuotedLiterals = (text: string): string => text.replace(QUOTED_LITERAL, "'?'");

// Sequelize errors and mysql2's carry the statement, its parameters and the offending values; their messages quote
// row values. Both are recognised by what they carry, since mysql2's errors are plain Errors.
const fromDatabase = (error: Error): boolean =>
  error instanceof BaseError ||
  ['sql', 'sqlState', 'sqlMessage', 'parameters'].some((field) => Reflect.get(error, field) !== undefined);

function pickSafeFields(error: Error, scrub: (text: string) => string): SerializedError {
  const type = error.constructor.name || error.name;
  const code: unknown = Reflect.get(error, 'code');
  const errno: unknown = Reflect.get(error, 'errno');
  const sqlState: unknown = Reflect.get(error, 'sqlState');
  const fatal: unknown = Reflect.get(error, 'fatal');
  return {
    type,
    ...(error.name !== type ? { name: error.name } : {}),
    message: scrub(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof errno === 'number' ? { errno } : {}),
    ...(typeof sqlState === 'string' ? { sqlState } : {}),
    ...(typeof fatal === 'boolean' ? { fatal } : {}),
    ...(error.stack === undefined ? {} : { stack: scrub(error.stack) }),
  };
}

function serializeChain(
  [error, ...causes]: Error[],
  scrub: (text: string) => string,
): SerializedError | undefined {
  if (error === undefined) return undefined;
  const cause = serializeChain(causes, scrub);
  return { ...pickSafeFields(error, scrub), ...(cause === undefined ? {} : { cause }) };
}

/**
 * pino's `err` serializer. An allow-list, not a deny-list: only the type, message, codes and stack of the error and
 * of each error it wraps reach the log, never the SQL, its parameters (a password hash, a token digest) or the
 * `value`s of validation errors. Database messages have their quoted values scrubbed.
 */
export function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) {
    // Whatever else was thrown or rejected may hold anything: keep what it is, not what it holds.
    return typeof value === 'object' && value !== null
      ? { type: 'object', message: 'a value that is not an Error' }
      : value;
  }
  const chain = causeChainOf(value);
  // An outer error often repeats its cause's message, so one database error in the chain scrubs them all.
  const scrub = chain.some(fromDatabase) ? scrubQuotedLiterals : (text: string) => text;
  return serializeChain(chain, scrub);
}

// Every line goes out asynchronously, whole, in writes of at most 4 KB (PIPE_BUF), so that the worker processes
// of WEB_CONCURRENCY, which share one stdout pipe, never cut into each other's lines. A synchronous write(2) per
// line cost 8% of the server's CPU under load (node --cpu-prof). What is still buffered is flushed on exit (pino
// does it for its asynchronous destinations).
const destination = (gathered: boolean) =>
  pino.destination({
    dest: 1,
    sync: false,
    maxWrite: 4096,
    ...(gathered ? { minLength: 2048, periodicFlush: 250 } : {}),
  });

let timeSecond = Number.NaN;
let timePrefix = '';

/**
 * pino's isoTime (`,"time":"2026-11-30T07:05:09.042Z"`) without building a Date and formatting it for every line:
 * the text up to the seconds is made once a second, the milliseconds appended. pino's own took 2% of a stock-level
 * request's CPU under load (node --cpu-prof), more than the rest of the line.
 */
export function isoTimestamp(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== timeSecond) {
    timeSecond = second;
    timePrefix = `,"time":"${new Date(second * 1000).toISOString().slice(0, 'YYYY-MM-DDTHH:MM:SS.'.length)}`;
  }
  return `${timePrefix}${String(now - second * 1000).padStart(3, '0')}Z"`;
}

const options = (): pino.LoggerOptions => ({
  level: getConfig().logLevel,
  // pid tells apart the lines of the worker processes that share one stdout (WEB_CONCURRENCY).
  base: { service: 'ecommerce-api', pid: process.pid },
  serializers: { err: serializeError },
  timestamp: () => isoTimestamp(),
});

let logger: pino.Logger | undefined;
let requestLineLogger: pino.Logger | undefined;

/** The process's logger, created on first use at the configured level; each line is written at once. */
export function getLogger(): pino.Logger {
  logger ??= pino(
    { ...options(), redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination(false),
  );
  return logger;
}

/**
 * The logger of the request lines, one per request: the same fields and level as getLogger's, but its lines are
 * gathered and written 2-4 KB at a time, at least every quarter second. One asynchronous write per line, each
 * handed to libuv's thread pool, cost several µs of CPU per request more than the same lines gathered (bare
 * node:http logging one pino line per request: 27-35 µs per request, 26-30 µs gathered, 21-27 µs without the
 * line). A request line holds no headers or body and its URL is redacted by the request log, so it needs no path
 * redaction, which clones the parts of every entry it inspects.
 *
 * The price: request lines reach stdout up to 250 ms after the lines of getLogger logged around them, and at exit
 * after its last lines. A process killed without an exit (SIGKILL, a V8 out-of-memory abort) loses the request
 * lines of its last quarter second; every other line is already written.
 */
export function getRequestLineLogger(): pino.Logger {
  requestLineLogger ??= pino(options(), destination(true));
  return requestLineLogger;
}
