import { z } from 'zod';
import { endpoint } from '../../shared/endpoint';
import { pageQuery } from '../../shared/pagination';
import { idParams } from '../../shared/validation';
import {
  adjustedStockSchema,
  lowStockSchema,
  movementSchema,
  setStockBody,
  stockAdjustmentBody,
  stockLevelSchema,
} from './stock.schemas';
import { adjustStock, getStockLevel, listLowStock, listMovements, setStockLevel } from './stock.service';

const tag = 'Stock';

export const stockEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/products/{id}/stock',
    operationId: 'getStockLevel',
    tag,
    summary: 'Stock level of a product',
    access: 'public',
    params: idParams,
    success: { status: 200, description: 'The stock level', schema: stockLevelSchema },
    errors: [404],
    handle: ({ params }) => getStockLevel(params.id),
  }),
  endpoint({
    method: 'put',
    path: '/api/products/{id}/stock',
    operationId: 'setStockLevel',
    tag,
    summary: 'Set the stock level to a count (a stocktake)',
    description:
      'Written to the ledger as one adjustment of the difference, noted "counted <stock>: <reason>"; a count equal to the level writes nothing. May trigger an automatic restock.',
    access: 'admin',
    params: idParams,
    body: setStockBody,
    bodyExample: { stock: 42, reason: 'quarterly count' },
    success: {
      status: 200,
      description: 'The new stock level and the ledger rows written',
      schema: adjustedStockSchema,
    },
    errors: [404],
    handle: ({ params, body }) => setStockLevel(params.id, body),
  }),
  endpoint({
    method: 'post',
    path: '/api/products/{id}/stock/adjustments',
    operationId: 'adjustStock',
    tag,
    summary: 'Adjust stock (delivery, count, damage...)',
    description:
      'Written to the ledger with the reason; a result below zero is refused (409). May trigger an automatic restock.',
    access: 'admin',
    params: idParams,
    body: stockAdjustmentBody,
    bodyExample: { delta: 20, reason: 'delivery from supplier' },
    success: {
      status: 201,
      description: 'The new stock level and the ledger rows written',
      schema: adjustedStockSchema,
    },
    errors: [404, 409],
    handle: ({ params, body }) => adjustStock(params.id, body),
  }),
  endpoint({
    method: 'get',
    path: '/api/products/{id}/stock/movements',
    operationId: 'listStockMovements',
    tag,
    summary: 'The stock ledger of a product, newest first',
    access: 'admin',
    params: idParams,
    query: pageQuery,
    success: {
      status: 200,
      description: 'One page of ledger rows',
      schema: z.array(movementSchema),
      paged: true,
    },
    errors: [404],
    handle: ({ params, query }) => listMovements(params.id, query),
  }),
  endpoint({
    method: 'get',
    path: '/api/inventory/low-stock',
    operationId: 'listLowStock',
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
    handle: ({ query }) => listLowStock(query),
  }),
];
