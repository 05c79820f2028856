import { z } from 'zod';
import { timestamp } from '../../shared/openapi';
import { countNumber, numberOrNumericString } from '../../shared/validation';
import { MOVEMENT_REASONS } from './stock-movement.model';
import { STOCK_STATUSES } from './stock-rules';

/**
 * The responses, defined once: types are inferred from them and the OpenAPI components generated. Extensions
 * start from the plain fields, not from a named component, which the document would close to extra properties.
 */
const stockLevelFields = z.strictObject({
  product_id: z.number().int(),
  stock: z.number().int(),
  low_stock_threshold: z.number().int(),
  restock_quantity: z.number().int(),
  status: z.enum(STOCK_STATUSES),
});
export const stockLevelSchema = stockLevelFields.openapi('StockLevel');
export type StockLevelDto = z.infer<typeof stockLevelSchema>;

export const movementSchema = z
  .strictObject({
    id: z.number().int(),
    product_id: z.number().int(),
    delta: z.number().int(),
    reason: z.enum(MOVEMENT_REASONS),
    reference: z.string().nullable().openapi({ example: 'order:12' }),
    note: z.string().nullable(),
    stock_after: z.number().int(),
    created_at: timestamp,
  })
  .openapi('StockMovement');
export type MovementDto = z.infer<typeof movementSchema>;

export const adjustedStockSchema = stockLevelFields.extend({ movements: z.array(movementSchema) });
export type AdjustedStockDto = z.infer<typeof adjustedStockSchema>;

export const lowStockSchema = stockLevelFields.extend({ product_name: z.string() });
export type LowStockDto = z.infer<typeof lowStockSchema>;

export const MAX_ADJUSTMENT = 1_000_000;
/** The most a product may hold: sums of stock never overflow a MySQL INT. */
export const MAX_STOCK = 1_000_000_000;

const reasonString = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

/** A stocktake: the level counted on the shelf, and why. */
export const setStockBody = z.strictObject({ stock: countNumber(MAX_STOCK), reason: reasonString });
export type SetStockBody = z.infer<typeof setStockBody>;

export const stockAdjustmentBody = z.strictObject({
  delta: numberOrNumericString(
    z
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(-MAX_ADJUSTMENT, `must be at least -${MAX_ADJUSTMENT}`)
      .max(MAX_ADJUSTMENT, `must be at most ${MAX_ADJUSTMENT}`)
      .refine((delta) => delta !== 0, 'must not be 0'),
    { integer: true, minimum: -MAX_ADJUSTMENT, maximum: MAX_ADJUSTMENT },
  ),
  reason: reasonString,
});
export type StockAdjustmentBody = z.infer<typeof stockAdjustmentBody>;
