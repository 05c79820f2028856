import { z } from 'zod';
import { documentRoute } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import { createProductBody, listProductsQuery, productSchema, updateProductBody } from './product.schemas';

const tag = 'Products';
const one = { params: idParams };

export function documentProductRoutes(): void {
  documentRoute({
    method: 'get',
    path: '/api/products',
    tag,
    summary: 'List products with their category and tags',
    description:
      'Filters: category_id, tag_id, min_price, max_price, in_stock, q (name contains), sku (exact). sort: id, product_name, price or stock, prefixed with - for descending.',
    access: 'public',
    query: listProductsQuery,
    success: {
      status: 200,
      description: 'One page of products',
      schema: z.array(productSchema),
      paged: true,
    },
  });
  documentRoute({
    method: 'get',
    path: '/api/products/{id}',
    tag,
    summary: 'Get one product',
    access: 'public',
    ...one,
    success: { status: 200, description: 'The product', schema: productSchema },
    errors: [404],
  });
  documentRoute({
    method: 'post',
    path: '/api/products',
    tag,
    summary: 'Create a product',
    description:
      'The product and its tag links are written in one transaction; its stock arrives as an initial ledger row.',
    access: 'admin',
    body: createProductBody,
    bodyExample: {
      product_name: 'Basketball',
      price: 200.0,
      stock: 3,
      category_id: 5,
      tagIds: [1, 2],
      sku: 'BALL-001',
    },
    success: { status: 201, description: 'The created product', schema: productSchema, location: true },
    errors: [409, 422],
  });
  documentRoute({
    method: 'put',
    path: '/api/products/{id}',
    tag,
    summary: 'Update a product',
    description:
      'Any subset of the fields. tagIds, when present, replaces the tag set; when absent, the tags stay.',
    access: 'admin',
    ...one,
    body: updateProductBody,
    bodyExample: { price: 12.5, stock: 30, tagIds: [3, 6] },
    success: { status: 200, description: 'The updated product', schema: productSchema },
    errors: [404, 409, 422],
  });
  documentRoute({
    method: 'delete',
    path: '/api/products/{id}',
    tag,
    summary: 'Delete a product',
    description:
      'Past orders keep their lines, with product_id null and the name and price they were placed at.',
    access: 'admin',
    ...one,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  });
}
