import { z } from 'zod';
import { pageQuery } from '../../shared/pagination';
import { documentRoute } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import {
  adjustedStockSchema,
  lowStockSchema,
  movementSchema,
  stockAdjustmentBody,
  stockLevelSchema,
} from './stock.schemas';

const tag = 'Stock';
const one = { params: idParams };

export function documentStockRoutes(): void {
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
      schema: adjustedStockSchema,
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
      schema: z.array(lowStockSchema),
      paged: true,
    },
  });
}
