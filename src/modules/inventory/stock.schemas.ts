import { z } from 'zod';

export const MAX_ADJUSTMENT = 1_000_000;

export const stockAdjustmentBody = z.strictObject({
  delta: z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(-MAX_ADJUSTMENT, `must be at least -${MAX_ADJUSTMENT}`)
    .max(MAX_ADJUSTMENT, `must be at most ${MAX_ADJUSTMENT}`)
    .refine((delta) => delta !== 0, 'must not be 0'),
  reason: z
    .string({ message: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters'),
});
export type StockAdjustmentBody = z.infer<typeof stockAdjustmentBody>;
