import { z } from 'zod';
import { money, timestamp } from '../../shared/openapi';
import { paginationQuery } from '../../shared/pagination';
import { idNumber, idString, wholeNumber } from '../../shared/validation';
import { ORDER_STATUSES, needsTracking } from './order-status';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 10_000;

export const orderItemBody = z.strictObject({
  product_id: idNumber,
  quantity: wholeNumber(1, MAX_LINE_QUANTITY),
});

/** A coupon code as typed: matched ignoring case; an unknown one is a 422 COUPON_NOT_FOUND, not a 400. */
export const couponCodeString = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters');

export const createOrderBody = z.strictObject({
  customer_id: idNumber.optional(),
  coupon_code: couponCodeString
    .optional()
    .describe('One coupon for the order, matched ignoring case; a refused one is a 422 with its own code'),
  items: z
    .array(orderItemBody, { message: 'must be a list of {product_id, quantity}' })
    .min(1, 'must have at least one line')
    .max(MAX_ORDER_LINES, `must have at most ${MAX_ORDER_LINES} lines`),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

const statusEnum = z.enum(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(', ')}` });
const noteString = z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(500);

/** Shipping details come with a tracked status (shipped) and only with it. */
export const updateOrderStatusBody = z
  .strictObject({
    status: statusEnum,
    note: noteString.optional(),
    carrier: z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(50).optional(),
    tracking_number: z
      .string({ message: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(100)
      .optional(),
  })
  .superRefine((body, context) => {
    for (const field of ['carrier', 'tracking_number'] as const) {
      const tracked = needsTracking(body.status);
      if (tracked && body[field] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `is required when the status is ${body.status}`,
        });
      }
      if (!tracked && body[field] !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'is allowed only when the status is shipped',
        });
      }
    }
  });
export type UpdateOrderStatusBody = z.infer<typeof updateOrderStatusBody>;

export const cancelOrderBody = z.strictObject({ note: noteString.optional() });

export const listOrdersQuery = z.strictObject({
  ...paginationQuery,
  status: statusEnum.optional(),
  customer_id: idString.optional(),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const customerIdParams = z.strictObject({ customer_id: idString });

/** Printable ASCII, as Stripe and the IETF draft allow; long enough for a UUID or a hash. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7E]{1,255}$/, 'must be 1 to 255 printable ASCII characters, such as a UUID');

const responseStatus = z.enum(ORDER_STATUSES);

/** Where an order stands: the fields an order and its tracking view share. */
const orderProgressFields = z.strictObject({
  status: responseStatus,
  order_date: timestamp,
  expected_delivery_date: z.string().openapi({ format: 'date', example: '2026-11-26' }),
  carrier: z.string().nullable(),
  tracking_number: z.string().nullable(),
});

export const orderItemSchema = z.strictObject({
  product_id: z.number().int().nullable().openapi({ description: 'null once the product is deleted' }),
  product_name: z.string(),
  unit_price: money.openapi({
    description: 'The price the line sold at: the sale price when a sale covered it',
  }),
  quantity: z.number().int(),
  line_total: money.openapi({ description: 'unit_price x quantity' }),
  discount: money.openapi({
    description:
      "This line's share of the coupon's discount, in whole cents; the lines' shares add up to discount_total",
  }),
});
export type OrderItemDto = z.infer<typeof orderItemSchema>;

/** An order as every route returns it; the type is inferred and the OpenAPI component generated from this. */
export const orderSchema = z
  .strictObject({
    id: z.number().int(),
    customer_id: z.number().int(),
    ...orderProgressFields.shape,
    items: z.array(orderItemSchema),
    subtotal: money.openapi({ description: 'The sum of line_total' }),
    discount_total: money.openapi({ description: "The coupon's discount (0 without one)" }),
    coupon_code: z.string().nullable().openapi({ description: 'The coupon used, as stored (upper-case)' }),
    total: money.openapi({ description: 'subtotal - discount_total: the sum of (line_total - discount)' }),
    allowed_transitions: z.array(responseStatus),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Order');
export type OrderDto = z.infer<typeof orderSchema>;

export const trackingSchema = z
  .strictObject({
    order_id: z.number().int(),
    ...orderProgressFields.shape,
    timeline: z.array(
      z.strictObject({
        from_status: responseStatus.nullable(),
        to_status: responseStatus,
        note: z.string().nullable(),
        at: timestamp,
      }),
    ),
  })
  .openapi('OrderTracking');
export type TrackingDto = z.infer<typeof trackingSchema>;

/** Why the quoted coupon would be refused: the code and detail the order would answer with. */
export const couponProblemSchema = z
  .strictObject({
    code: z.enum([
      'COUPON_NOT_FOUND',
      'COUPON_NOT_ACTIVE',
      'COUPON_USAGE_LIMIT_REACHED',
      'COUPON_NOT_APPLICABLE',
    ]),
    detail: z.string(),
  })
  .openapi('CouponProblem');
export type CouponProblemDto = z.infer<typeof couponProblemSchema>;

export const quoteSchema = z
  .strictObject({
    customer_id: z.number().int(),
    quoted_at: timestamp.openapi({ description: 'The instant the prices and the coupon were evaluated at' }),
    items: z.array(
      orderItemSchema.extend({
        product_id: z.number().int(),
        regular_price: money.openapi({
          description: "The product's regular price (unit_price is what it sells at)",
        }),
        in_stock: z.boolean().openapi({ description: 'Whether the quantity asked for is in stock now' }),
      }),
    ),
    subtotal: money,
    discount_total: money,
    coupon_code: z.string().nullable(),
    coupon_problem: couponProblemSchema.nullable().openapi({
      description:
        'Why the order would refuse the coupon (the totals are then without it); null when it applies',
    }),
    total: money,
  })
  .openapi('OrderQuote');
export type QuoteDto = z.infer<typeof quoteSchema>;
