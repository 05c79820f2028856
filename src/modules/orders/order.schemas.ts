import { z } from 'zod';
import { paginationQuery } from '../../shared/pagination';
import { idNumber, idString } from '../../shared/validation';
import { ORDER_STATUSES } from './order-status';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 10_000;

export const orderItemBody = z.strictObject({
  product_id: idNumber,
  quantity: z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
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

/** Shipping details come with `shipped` and only with it. */
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
      if (body.status === 'shipped' && body[field] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'is required when the status is shipped',
        });
      }
      if (body.status !== 'shipped' && body[field] !== undefined) {
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
