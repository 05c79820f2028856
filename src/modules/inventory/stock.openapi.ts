import { z } from 'zod';
import { pageQuery } from '../../shared/pagination';
import { documentRoute, registry, timestamp } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import { MOVEMENT_REASONS } from './stock-movement.model';
import { stockAdjustmentBody } from './stock.schemas';

const stockLevelFields = {
  product_id: z.number().int(),
  stock: z.number().int(),
  low_stock_threshold: z.number().int(),
  restock_quantity: z.number().int(),
  status: z.enum(['in_stock', 'low_stock', 'out_of_stock']),
};
const stockLevelSchema = registry.register('StockLevel', z.strictObject(stockLevelFields));
const movementSchema = registry.register(
  'StockMovement',
  z.strictObject({
    id: z.number().int(),
    product_id: z.number().int(),
    delta: z.number().int(),
    reason: z.enum(MOVEMENT_REASONS),
    reference: z.string().nullable().openapi({ example: 'order:12' }),
    note: z.string().nullable(),
    stock_after: z.number().int(),
    created_at: timestamp,
  }),
);

const tag = 'Stock';
const one = { params: idParams };

documentRoute({
  method: 'get',
  path: '/api/products/{id}/stock',
  tag,
  summary: 'Stock level of a product',
  access: 'public',
  ...one,
  success: { status: 200, description: 'The stock level', schema: stockLevelSchema },
  errors: [404],
});
documentRoute({
  method: 'post',
  path: '/api/products/{id}/stock/adjustments',
  tag,
  summary: 'Adjust stock (delivery, count, damage...)',
  description:
    'Written to the ledger with the reason; a result below zero is refused (409). May trigger an automatic restock.',
  access: 'admin',
  ...one,
  body: stockAdjustmentBody,
  bodyExample: { delta: 20, reason: 'delivery from supplier' },
  success: {
    status: 201,
    description: 'The new stock level and the ledger rows written',
    schema: z.strictObject({ ...stockLevelFields, movements: z.array(movementSchema) }),
  },
  errors: [404, 409],
});
documentRoute({
  method: 'get',
  path: '/api/products/{id}/stock/movements',
  tag,
  summary: 'The stock ledger of a product, newest first',
  access: 'admin',
  ...one,
  query: pageQuery,
  success: {
    status: 200,
    description: 'One page of ledger rows',
    schema: z.array(movementSchema),
    paged: true,
  },
  errors: [404],
});
documentRoute({
  method: 'get',
  path: '/api/inventory/low-stock',
  tag,
  summary: 'Products at or below their low-stock threshold, emptiest first',
  access: 'admin',
  query: pageQuery,
  success: {
    status: 200,
    description: 'One page of products',
    schema: z.array(z.strictObject({ ...stockLevelFields, product_name: z.string() })),
    paged: true,
  },
});
