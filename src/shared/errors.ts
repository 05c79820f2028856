/**
 * Every error code the API answers with, in one table: its HTTP status, the problem's title, and when it happens.
 * The ErrorCode type, the problem mapper, the OpenAPI document and the README's error table are read off it.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'Your request is not valid',
    description:
      'an invalid field, parameter or id, or an unknown one; `errors` points at each (the first 20; `errors_omitted` counts the rest)',
  },
  MALFORMED_JSON: {
    status: 400,
    title: 'The request body is not valid JSON',
    description: 'the body is not valid JSON',
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication required',
    description:
      'no token where one is needed, a malformed, unknown, expired or revoked one (on any route), or a failed login',
  },
  FORBIDDEN: { status: 403, title: 'Not allowed', description: "a customer's token on an admin-only route" },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    description:
      "an unknown id or route; also another customer's record, account or order, so ids cannot be probed",
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    description: 'a known path with a method it does not serve (see `Allow`)',
  },
  CONFLICT: {
    status: 409,
    title: 'Conflict with the current state',
    description:
      'a duplicate unique value, a row still referenced, the only admin removed or demoted, or an `Idempotency-Key` reused with another body',
  },
  INSUFFICIENT_STOCK: {
    status: 409,
    title: 'Not enough stock',
    description: 'an order line, or a stock adjustment, asks for more than is in stock',
  },
  INVALID_TRANSITION: {
    status: 409,
    title: 'Status change not allowed',
    description:
      'an order status change outside the lifecycle, or cancelling a shipped, delivered or cancelled order',
  },
  TOO_MANY_PENDING_ORDERS: {
    status: 409,
    title: 'Too many unpaid orders',
    description: 'the customer already holds `MAX_PENDING_ORDERS` unpaid orders: pay or cancel one first',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large', description: 'a body over 100 kB' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    description: 'a body that is not `application/json`',
  },
  REFERENCE_NOT_FOUND: {
    status: 422,
    title: 'A referenced row does not exist',
    description:
      'the body names a `category_id`, `tagIds` entry, `customer_id` or `product_id` that does not exist',
  },
  COUPON_NOT_FOUND: {
    status: 422,
    title: 'No such coupon',
    description: 'the order or quote names a `coupon_code` that does not exist',
  },
  COUPON_NOT_ACTIVE: {
    status: 422,
    title: 'The coupon is not active',
    description: "the coupon's `starts_at` is still ahead or its `ends_at` has passed",
  },
  COUPON_USAGE_LIMIT_REACHED: {
    status: 422,
    title: 'The coupon is used up',
    description: 'the coupon reached its `usage_limit`, or this customer its `usage_limit_per_customer`',
  },
  COUPON_NOT_APPLICABLE: {
    status: 422,
    title: 'The coupon does not apply to this order',
    description:
      'a first-order coupon for a customer with an order, a subtotal below `min_subtotal`, or no line the coupon covers',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    description:
      'too many failed logins, or more than `RATE_LIMIT_PER_MINUTE` requests from one address; `Retry-After` says when to retry',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal server error',
    description: "a bug; the log has the details under the response's request id",
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    title: 'Service temporarily unavailable',
    description: 'the database cannot be reached, or the connection was lost mid-request; see `Retry-After`',
  },
  DATABASE_BUSY: {
    status: 503,
    title: 'The data is busy',
    description:
      'the rows the request needs stayed locked longer than `DB_LOCK_WAIT_TIMEOUT_S`, or a statement ran past `DB_STATEMENT_TIMEOUT_MS`; see `Retry-After`',
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];

/** One problem with one part of the request: a JSON pointer into the body, or a query/path parameter name. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  detail: string;
}

/**
 * The one error class of the application. Services throw it with facts (a code, field errors, how long to
 * wait); the HTTP layer turns them into a status and headers.
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** For RATE_LIMITED and the 503s: when a retry may succeed (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: number) =>
  new AppError('NOT_FOUND', `${what} ${id} does not exist`);
