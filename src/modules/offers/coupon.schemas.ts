import { z } from 'zod';
import { money, timestamp } from '../../shared/openapi';
import { paginationQuery } from '../../shared/pagination';
import { booleanString, idNumber, moneyNumber, wholeNumber } from '../../shared/validation';
import { COUPON_TARGETS } from './coupon.model';
import {
  amountOffNumber,
  checkReduction,
  checkSingleTarget,
  checkWindow,
  offerMoment,
  onceFieldsParsed,
  orNull,
  productIdList,
} from './sale.schemas';

const INT32_MAX = 2_147_483_647;

/** A code as an admin sets it: letters, digits, - and _; stored upper-case, so unique ignoring case. */
export const couponCodeField = z
  .string({ message: 'must be a string' })
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "-" and "_"')
  .toUpperCase()
  .openapi({ example: 'WELCOME10', description: 'Matched ignoring case; stored and returned upper-case' });

export const COUPON_TARGET_FIELDS = ['product_ids', 'category_id'] as const;

const couponFields = {
  code: couponCodeField,
  percent_off: orNull(wholeNumber(1, 100), ['integer', 'string']),
  amount_off: orNull(amountOffNumber, ['number', 'string']),
  starts_at: orNull(offerMoment, ['string']),
  ends_at: orNull(offerMoment, ['string']),
  usage_limit: orNull(wholeNumber(1, INT32_MAX), ['integer', 'string']),
  usage_limit_per_customer: orNull(wholeNumber(1, INT32_MAX), ['integer', 'string']),
  min_subtotal: orNull(moneyNumber, ['number', 'string']),
  first_order_only: z.boolean({ message: 'must be true or false' }),
  product_ids: productIdList.nullable(),
  category_id: orNull(idNumber, ['integer', 'string']),
};

export const createCouponBody = z
  .strictObject({
    code: couponFields.code,
    percent_off: couponFields.percent_off.optional(),
    amount_off: couponFields.amount_off.optional(),
    starts_at: couponFields.starts_at.optional(),
    ends_at: couponFields.ends_at.optional(),
    usage_limit: couponFields.usage_limit.optional(),
    usage_limit_per_customer: couponFields.usage_limit_per_customer.optional(),
    min_subtotal: couponFields.min_subtotal.optional(),
    first_order_only: couponFields.first_order_only.optional(),
    product_ids: couponFields.product_ids.optional(),
    category_id: couponFields.category_id.optional(),
  })
  .superRefine((body, issues) => {
    checkReduction(body, issues, true);
    checkSingleTarget(body, COUPON_TARGET_FIELDS, issues);
    checkWindow(body, issues);
  }, onceFieldsParsed);
export type CreateCouponBody = z.infer<typeof createCouponBody>;

/** times_used is not a field: only orders move it. */
export const updateCouponBody = z
  .strictObject(couponFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change')
  .superRefine((body, issues) => {
    checkReduction(body, issues, false);
    checkSingleTarget(body, COUPON_TARGET_FIELDS, issues);
    checkWindow(body, issues);
  }, onceFieldsParsed);
export type UpdateCouponBody = z.infer<typeof updateCouponBody>;

export const listCouponsQuery = z.strictObject({
  ...paginationQuery,
  code: couponCodeField.optional().describe('The coupon with exactly this code (letter case ignored)'),
  active: booleanString
    .optional()
    .describe(
      'true: only the coupons within their dates now (an open start or end counts); false: the others',
    ),
});
export type ListCouponsQuery = z.infer<typeof listCouponsQuery>;

/** A coupon as every route returns it; the type is inferred and the OpenAPI component generated from this. */
export const couponSchema = z
  .strictObject({
    id: z.number().int(),
    code: z.string().openapi({ example: 'WELCOME10' }),
    percent_off: z.number().int().nullable(),
    amount_off: money.nullable().openapi({ example: 5 }),
    starts_at: timestamp.nullable(),
    ends_at: timestamp.nullable(),
    usage_limit: z.number().int().nullable().openapi({ description: 'Uses in all; null: no limit' }),
    usage_limit_per_customer: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Uses by one customer; null: no limit' }),
    min_subtotal: money
      .nullable()
      .openapi({ description: 'The order subtotal (after sales) the coupon needs; null: none' }),
    first_order_only: z.boolean(),
    applies_to: z.enum(COUPON_TARGETS),
    product_ids: z
      .array(z.number().int())
      .openapi({ description: 'Ascending; empty unless applies_to is products' }),
    category_id: z.number().int().nullable(),
    times_used: z.number().int().openapi({
      description: 'Orders holding a redemption now; a cancelled or expired order gives its use back',
    }),
    active: z.boolean().openapi({
      description: 'Within its dates now: started (or no starts_at) and not ended (or no ends_at)',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Coupon');
export type CouponDto = z.infer<typeof couponSchema>;
