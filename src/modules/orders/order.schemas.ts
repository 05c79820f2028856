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

export const createOrderBody = z.strictObject({
  customer_id: idNumber.optional(),
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
  unit_price: money,
  quantity: z.number().int(),
  line_total: money,
});
export type OrderItemDto = z.infer<typeof orderItemSchema>;

/** An order as every route returns it; the type is inferred and the OpenAPI component generated from this. */
export const orderSchema = z
  .strictObject({
    id: z.number().int(),
    customer_id: z.number().int(),
    ...orderProgressFields.shape,
    items: z.array(orderItemSchema),
    total: money,
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
