import { ForeignKeyConstraintError, UniqueConstraintError } from 'sequelize';
import { ZodError } from 'zod';
import { errnoOf, isLostDatabaseConnection } from '../database/errors';
import { AppError, ERROR_CATALOG } from './errors';
import type { ErrorCode, FieldError } from './errors';
import { zodIssuesToFieldErrors } from './validation';

const ER_ROW_IS_REFERENCED = 1451;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  request_id: string;
  errors?: FieldError[];
  /** How many `errors` entries were left out of a long list. */
  errors_omitted?: number;
}

/** Enough to fix a form; a body with thousands of bad keys would otherwise get a reply several times its size. */
export const MAX_PROBLEM_ERRORS = 20;

export interface ProblemResponse {
  status: number;
  body: Problem;
  headers: Record<string, string>;
  /** True when the error is not one the application expected: log it with its stack. */
  unexpected: boolean;
}

/** Problem type URI for a code: VALIDATION_FAILED -> /problems/validation-failed. */
export const problemType = (code: ErrorCode): string => `/problems/${code.toLowerCase().replace(/_/g, '-')}`;

/** The fields of errors raised by body-parser (express.json) that this mapper reads. */
interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    typeof Reflect.get(error, 'type') === 'string' &&
    typeof Reflect.get(error, 'status') === 'number'
  );
}

// The database gave up waiting for a lock or for a statement to finish: the same request may pass a moment later.
const BUSY_ERRNOS = new Set([
  1205, // ER_LOCK_WAIT_TIMEOUT (innodb_lock_wait_timeout)
  1969, // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  3024, // MySQL ER_QUERY_TIMEOUT (max_execution_time)
]);

const isDatabaseBusy = (error: unknown): boolean => {
  const errno = errnoOf(error);
  return errno !== undefined && BUSY_ERRNOS.has(errno);
};

function classify(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError(
      'VALIDATION_FAILED',
      'The request has invalid fields',
      zodIssuesToFieldErrors(error.issues),
    );
  }
  if (error instanceof UniqueConstraintError) {
    const fields = Object.keys(error.fields);
    return new AppError(
      'CONFLICT',
      fields.length > 0
        ? `A row with this ${fields.join(', ')} already exists`
        : 'A row with this value already exists',
      fields.map((field) => ({ pointer: `#/${field}`, detail: 'is already taken' })),
    );
  }
  if (error instanceof ForeignKeyConstraintError) {
    // ER_ROW_IS_REFERENCED (the row is still referenced) vs ER_NO_REFERENCED_ROW (the referenced row is missing).
    return errnoOf(error) === ER_ROW_IS_REFERENCED
      ? new AppError('CONFLICT', 'This row is still referenced by other rows')
      : new AppError('REFERENCE_NOT_FOUND', 'The request refers to a row that does not exist');
  }
  if (isLostDatabaseConnection(error)) {
    return new AppError(
      'DATABASE_UNAVAILABLE',
      'The database is unreachable; try again shortly',
      undefined,
      5,
    );
  }
  if (isDatabaseBusy(error)) {
    return new AppError(
      'DATABASE_BUSY',
      'The rows this request needs are busy; try again shortly',
      undefined,
      2,
    );
  }
  if (isBodyParserError(error)) {
    const type: string = error.type;
    switch (type) {
      case 'entity.parse.failed':
        return new AppError('MALFORMED_JSON', 'The request body could not be parsed as JSON');
      case 'entity.too.large':
        return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than the 100 kB limit');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 encoded JSON');
      case 'request.aborted':
      case 'request.size.invalid':
        return new AppError('VALIDATION_FAILED', 'The request body was incomplete');
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The HTTP side of an error's facts: when to retry, and how to authenticate (RFC 6750) after a 401. */
function headersFor(error: AppError): Record<string, string> {
  return {
    ...(error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) }),
    ...(error.code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer realm="api"' } : {}),
  };
}

/** Pure: maps any thrown value to the problem+json response the client gets. Never leaks internals. */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  const known = classify(error);
  const appError =
    known ?? new AppError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged');
  const { status, title } = ERROR_CATALOG[appError.code];
  const errors = appError.errors ?? [];
  const body: Problem = {
    type: problemType(appError.code),
    title,
    status,
    detail: appError.message,
    code: appError.code,
    request_id: requestId,
    ...(errors.length > 0 ? { errors: errors.slice(0, MAX_PROBLEM_ERRORS) } : {}),
    ...(errors.length > MAX_PROBLEM_ERRORS ? { errors_omitted: errors.length - MAX_PROBLEM_ERRORS } : {}),
  };
  return { status, body, headers: headersFor(appError), unexpected: known === undefined };
}
