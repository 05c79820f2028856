import './zod-openapi';
import type { Request } from 'express';
import { z } from 'zod';
import type { core } from 'zod';
import { AppError } from './errors';
import type { FieldError } from './errors';

export type Location = 'body' | 'query' | 'path';

const INT32_MAX = 2_147_483_647;

/** RFC 6901 escaping of one pointer segment. */
const escapeSegment = (segment: PropertyKey) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

const locate = (location: Location, path: PropertyKey[]): Pick<FieldError, 'pointer' | 'parameter'> =>
  location === 'body'
    ? { pointer: `#${path.map((segment) => `/${escapeSegment(segment)}`).join('')}` }
    : { parameter: path.map(String).join('.') || location };

/** Zod issues as RFC 9457 `errors` entries: one entry per field, unknown keys one entry each. */
export function zodIssuesToFieldErrors(
  issues: readonly core.$ZodIssue[],
  location: Location = 'body',
): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      const what = location === 'body' ? 'field' : 'parameter';
      return issue.keys.map((key) => ({
        ...locate(location, [...issue.path, key]),
        detail: `unknown ${what}`,
      }));
    }
    return [{ ...locate(location, issue.path), detail: issue.message }];
  });
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, location: Location): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const what = { body: 'The request body has', query: 'The query string has', path: 'The URL has' }[location];
  throw new AppError(
    'VALIDATION_FAILED',
    `${what} invalid values`,
    zodIssuesToFieldErrors(result.error.issues, location),
  );
}

/** A request with no body is read as an empty object, so "missing field" errors name the fields. */
export const parseBody = <T extends z.ZodType>(schema: T, req: Request): z.output<T> =>
  parseOrThrow(schema, req.body ?? {}, 'body');

export const parseQuery = <T extends z.ZodType>(schema: T, req: Request): z.output<T> =>
  parseOrThrow(schema, req.query, 'query');

export const parseParams = <T extends z.ZodType>(schema: T, req: Request): z.output<T> =>
  parseOrThrow(schema, req.params, 'path');

/** A string that is exactly a plain decimal number: digits, an optional sign and fraction; no spaces, no "1e3". */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A number in a JSON body, or a string that is exactly one ("19.99", "3"): clients written for form posts, and
 * the assignment's published collections, send numbers that way. The string is read as its number and then meets
 * every rule of `rules`, the same bounds and decimals; any other string stays a string, which `rules` refuses.
 * The document says so: a number (with its bounds) or a numeric string.
 */
export function numberOrNumericString<T extends z.ZodType<number>>(
  rules: T,
  bounds: { integer: boolean; minimum: number; maximum: number },
) {
  return z
    .preprocess(
      (value) => (typeof value === 'string' && PLAIN_DECIMAL.test(value) ? Number(value) : value),
      rules,
    )
    .openapi({
      type: [bounds.integer ? 'integer' : 'number', 'string'],
      minimum: bounds.minimum,
      maximum: bounds.maximum,
      pattern: bounds.integer ? '^-?\\d+$' : PLAIN_DECIMAL.source,
      description: 'A number, or a string holding exactly one',
    });
}

/** A whole number in a JSON body (or a numeric string), within bounds. */
export const wholeNumber = (minimum: number, maximum: number, message = 'must be a whole number') =>
  numberOrNumericString(
    z
      .number({ message })
      .int(message)
      .min(minimum, minimum === 0 ? 'must be 0 or more' : `must be at least ${minimum}`)
      .max(maximum, `must be at most ${maximum}`),
    { integer: true, minimum, maximum },
  );

/** A positive 32-bit id in a JSON body. */
export const idNumber = numberOrNumericString(
  z
    .number({ message: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(INT32_MAX, `must be at most ${INT32_MAX}`),
  { integer: true, minimum: 1, maximum: INT32_MAX },
);

/** A positive 32-bit integer written as a decimal string (path and query parameters); documented as one. */
export const idString = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a positive integer')
  .transform(Number)
  .refine((n) => n <= INT32_MAX, `must be at most ${INT32_MAX}`)
  .openapi({ type: 'integer', minimum: 1, maximum: INT32_MAX });

export const idParams = z.strictObject({ id: idString });

/** A non-negative integer in a JSON body, bounded so that sums never overflow a MySQL INT. */
export const countNumber = (max: number) => wholeNumber(0, max);

export const MAX_PRICE = 99_999_999.99;

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** Money in a JSON body: dollars with at most two decimals (DECIMAL(10,2)), as a number or a numeric string. */
export const moneyNumber = numberOrNumericString(
  z
    .number({ message: 'must be a number' })
    .min(0, 'must be 0 or more')
    .max(MAX_PRICE, `must be at most ${MAX_PRICE}`)
    .refine(hasAtMostTwoDecimals, 'must have at most 2 decimal places'),
  { integer: false, minimum: 0, maximum: MAX_PRICE },
);

/** Money in a query string. */
export const moneyString = z
  .string()
  .regex(/^\d{1,8}(\.\d{1,2})?$/, 'must be an amount such as 10 or 10.99')
  .transform(Number)
  .openapi({ type: 'number', minimum: 0, maximum: MAX_PRICE });

/** `true` or `false` in a query string; documented as a boolean. */
export const booleanString = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .openapi({ type: 'boolean' });

/** A required, trimmed, non-empty name. */
export const nameString = (max: number) =>
  z
    .string({ message: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
