import { z } from 'zod';
import { money, timestamp } from '../../shared/openapi';
import { paginationQuery } from '../../shared/pagination';
import {
  MAX_PRICE,
  booleanString,
  idNumber,
  nameString,
  numberOrNumericString,
  wholeNumber,
} from '../../shared/validation';
import { SALE_TARGETS } from './sale.model';

/**
 * The pieces sales and coupons share (a moment with its zone, an amount off, a product list, and the rules that
 * tie fields together) and the sale schemas. The coupon schemas build on the shared pieces.
 */

// DATETIME(3) holds the years 1000 to 9999; before 1970 no offer could be meant, and an offset can push the last
// day of 9999 into the year 10000.
const EARLIEST_MOMENT = Date.UTC(1970, 0, 1);
const LATEST_MOMENT = Date.UTC(10_000, 0, 1);

/** A moment in a body: ISO 8601 with Z or an offset (a local time would be ambiguous), read as a Date. */
export const offerMoment = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time with Z or an offset, such as 2026-12-01T00:00:00Z',
  })
  // The range is checked in the transform, which runs only on a well-formed string (a refine after it would
  // also run after a format error, on the string).
  .transform((value, context) => {
    const date = new Date(value);
    if (date.getTime() >= EARLIEST_MOMENT && date.getTime() < LATEST_MOMENT) return date;
    context.issues.push({
      code: 'custom',
      message: 'must fall in the years 1970 to 9999 (UTC)',
      input: value,
    });
    return z.NEVER;
  })
  .openapi({
    type: 'string',
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description: 'ISO 8601 with Z or an offset; stored and returned in UTC',
  });

/**
 * `.nullable()` for a schema whose OpenAPI type is spelled out (a number or numeric string, a parsed moment):
 * zod-to-openapi keeps the spelled-out type and drops the null, so the document would say null is refused.
 */
export const orNull = <T extends z.ZodType>(
  schema: T,
  type: ReadonlyArray<'integer' | 'number' | 'string'>,
) => schema.nullable().openapi({ type: [...type, 'null'] });

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** An amount taken off, in dollars: at least a cent, at most two decimals. */
export const amountOffNumber = numberOrNumericString(
  z
    .number({ message: 'must be a number' })
    .min(0.01, 'must be at least 0.01')
    .max(MAX_PRICE, `must be at most ${MAX_PRICE}`)
    .refine(hasAtMostTwoDecimals, 'must have at most 2 decimal places'),
  { integer: false, minimum: 0.01, maximum: MAX_PRICE },
);

export const MAX_OFFER_PRODUCTS = 1000;

/** The products an offer names; duplicates are allowed and stored once. */
export const productIdList = z
  .array(idNumber, { message: 'must be a list of product ids' })
  .min(1, 'must name at least one product (null, or no target at all, means the whole catalog)')
  .max(MAX_OFFER_PRODUCTS, `must name at most ${MAX_OFFER_PRODUCTS} products`);

type Issues = z.RefinementCtx;

interface ReductionFields {
  percent_off?: number | null | undefined;
  amount_off?: number | null | undefined;
}

/**
 * Exactly one of percent_off and amount_off, non-null. On an update the pair is checked only when either is sent,
 * because sending either replaces the reduction.
 */
export function checkReduction(body: ReductionFields, issues: Issues, required: boolean): void {
  if (!required && body.percent_off === undefined && body.amount_off === undefined) return;
  const percent = body.percent_off ?? null;
  const amount = body.amount_off ?? null;
  if (percent !== null && amount !== null) {
    issues.addIssue({
      code: 'custom',
      path: ['amount_off'],
      message: 'send percent_off or amount_off, not both',
    });
  } else if (percent === null && amount === null) {
    // Point at what was sent as null; with nothing sent, at the first of the pair.
    const field = body.percent_off === undefined && body.amount_off === null ? 'amount_off' : 'percent_off';
    issues.addIssue({ code: 'custom', path: [field], message: 'send one of percent_off or amount_off' });
  }
}

/** At most one target is named; every further one is an error of its own. */
export function checkSingleTarget<F extends string>(
  body: Partial<Record<F, unknown>>,
  fields: readonly F[],
  issues: Issues,
): void {
  const named = fields.filter((field) => body[field] !== undefined && body[field] !== null);
  const [first, ...others] = named;
  for (const field of others) {
    issues.addIssue({
      code: 'custom',
      path: [field],
      message: `send only one of ${fields.join(', ')}; ${String(first)} is already given`,
    });
  }
}

/**
 * Cross-field rules run only on a body whose fields all parsed: by default zod runs an object's refinements after a
 * field's format error too, handing them the raw value (a string where a Date was promised).
 */
export const onceFieldsParsed = {
  when: (payload: z.core.ParsePayload) => payload.issues.length === 0,
};

/** starts_at before ends_at, when both are known. */
export function checkWindow(
  body: { starts_at?: Date | null | undefined; ends_at?: Date | null | undefined },
  issues: Issues,
): void {
  if (body.starts_at == null || body.ends_at == null) return;
  if (body.starts_at.getTime() >= body.ends_at.getTime()) {
    issues.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' });
  }
}

export const MAX_SALE_PERCENT = 90;

export const SALE_TARGET_FIELDS = ['product_ids', 'category_id', 'tag_id'] as const;

const saleFields = {
  name: nameString(100),
  percent_off: orNull(wholeNumber(1, MAX_SALE_PERCENT), ['integer', 'string']),
  amount_off: orNull(amountOffNumber, ['number', 'string']),
  starts_at: offerMoment,
  ends_at: offerMoment,
  product_ids: productIdList.nullable(),
  category_id: orNull(idNumber, ['integer', 'string']),
  tag_id: orNull(idNumber, ['integer', 'string']),
};

export const createSaleBody = z
  .strictObject({
    name: saleFields.name,
    percent_off: saleFields.percent_off.optional(),
    amount_off: saleFields.amount_off.optional(),
    starts_at: saleFields.starts_at,
    ends_at: saleFields.ends_at,
    product_ids: saleFields.product_ids.optional(),
    category_id: saleFields.category_id.optional(),
    tag_id: saleFields.tag_id.optional(),
  })
  .superRefine((body, issues) => {
    checkReduction(body, issues, true);
    checkSingleTarget(body, SALE_TARGET_FIELDS, issues);
    checkWindow(body, issues);
  }, onceFieldsParsed);
export type CreateSaleBody = z.infer<typeof createSaleBody>;

export const updateSaleBody = z
  .strictObject(saleFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change')
  .superRefine((body, issues) => {
    checkReduction(body, issues, false);
    checkSingleTarget(body, SALE_TARGET_FIELDS, issues);
    checkWindow(body, issues);
  }, onceFieldsParsed);
export type UpdateSaleBody = z.infer<typeof updateSaleBody>;

export const listSalesQuery = z.strictObject({
  ...paginationQuery,
  active: booleanString
    .optional()
    .describe('true: only the sales running now (starts_at <= now < ends_at); false: only the others'),
});
export type ListSalesQuery = z.infer<typeof listSalesQuery>;

/** A sale as every route returns it; the type is inferred and the OpenAPI component generated from this. */
export const saleSchema = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    percent_off: z.number().int().nullable(),
    amount_off: money.nullable().openapi({ example: 5 }),
    starts_at: timestamp,
    ends_at: timestamp,
    applies_to: z.enum(SALE_TARGETS),
    product_ids: z
      .array(z.number().int())
      .openapi({ description: 'Ascending; empty unless applies_to is products' }),
    category_id: z.number().int().nullable(),
    tag_id: z.number().int().nullable(),
    active: z.boolean().openapi({ description: 'Running now: starts_at <= now < ends_at' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Sale');
export type SaleDto = z.infer<typeof saleSchema>;
