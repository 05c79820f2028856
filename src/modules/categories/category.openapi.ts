import { z } from 'zod';
import { pageQuery } from '../../shared/pagination';
import { documentRoute, registry } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import { embeddedProductSchema } from '../products/product.openapi';
import { categoryBody } from './category.schemas';

const embedded = {
  product_count: z.number().int().openapi({ description: 'All products of this category, on every page' }),
  products: z
    .array(embeddedProductSchema)
    .openapi({ description: 'The first 100 products by id; page through GET /api/products?category_id=' }),
};

export const categorySchema = registry.register(
  'Category',
  z.strictObject({ id: z.number().int(), category_name: z.string(), ...embedded }),
);

const tag = 'Categories';
const one = { params: idParams };

documentRoute({
  method: 'get',
  path: '/api/categories',
  tag,
  summary: 'List categories with their products',
  access: 'public',
  query: pageQuery,
  success: {
    status: 200,
    description: 'One page of categories',
    schema: z.array(categorySchema),
    paged: true,
  },
});
documentRoute({
  method: 'get',
  path: '/api/categories/{id}',
  tag,
  summary: 'Get one category with its products',
  access: 'public',
  ...one,
  success: { status: 200, description: 'The category', schema: categorySchema },
  errors: [404],
});
documentRoute({
  method: 'post',
  path: '/api/categories',
  tag,
  summary: 'Create a category',
  access: 'admin',
  body: categoryBody,
  bodyExample: { category_name: 'Jackets' },
  success: { status: 201, description: 'The created category', schema: categorySchema, location: true },
  errors: [409],
});
documentRoute({
  method: 'put',
  path: '/api/categories/{id}',
  tag,
  summary: 'Rename a category',
  access: 'admin',
  ...one,
  body: categoryBody,
  bodyExample: { category_name: 'Outerwear' },
  success: { status: 200, description: 'The updated category', schema: categorySchema },
  errors: [404, 409],
});
documentRoute({
  method: 'delete',
  path: '/api/categories/{id}',
  tag,
  summary: 'Delete a category',
  description: 'Its products stay, with category_id null.',
  access: 'admin',
  ...one,
  success: { status: 204, description: 'Deleted' },
  errors: [404],
});
