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

/** A positive 32-bit id, as a number in JSON bodies. */
export const idNumber = z
  .number({ message: 'must be a positive integer' })
  .int('must be a positive integer')
  .min(1, 'must be a positive integer')
  .max(INT32_MAX, `must be at most ${INT32_MAX}`);

/** A positive 32-bit integer written as a decimal string (path and query parameters). */
export const idString = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a positive integer')
  .transform(Number)
  .refine((n) => n <= INT32_MAX, `must be at most ${INT32_MAX}`);

export const idParams = z.strictObject({ id: idString });

/** A non-negative integer in a JSON body, bounded so that sums never overflow a MySQL INT. */
export const countNumber = (max: number) =>
  z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(max, `must be at most ${max}`);

export const MAX_PRICE = 99_999_999.99;

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** Money in a JSON body: a number of dollars with at most two decimals (DECIMAL(10,2)). */
export const moneyNumber = z
  .number({ message: 'must be a number' })
  .min(0, 'must be 0 or more')
  .max(MAX_PRICE, `must be at most ${MAX_PRICE}`)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimal places');

/** Money in a query string. */
export const moneyString = z
  .string()
  .regex(/^\d{1,8}(\.\d{1,2})?$/, 'must be an amount such as 10 or 10.99')
  .transform(Number);

/** A required, trimmed, non-empty name. */
export const nameString = (max: number) =>
  z
    .string({ message: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
