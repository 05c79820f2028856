export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'REFERENCE_NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_TRANSITION'
  | 'TOO_MANY_PENDING_ORDERS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_BUSY'
  | 'INTERNAL_ERROR';

/** One problem with one part of the request: a JSON pointer into the body, or a query/path parameter name. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  detail: string;
}

/** The one error class of the application. Services throw it; the HTTP layer maps `code` to a status. */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: number) =>
  new AppError('NOT_FOUND', `${what} ${id} does not exist`);
