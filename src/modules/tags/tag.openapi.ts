import { z } from 'zod';
import { pageQuery } from '../../shared/pagination';
import { documentRoute, registry } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import { embeddedProductSchema } from '../products/product.openapi';
import { tagBody } from './tag.schemas';

const embedded = {
  product_count: z.number().int().openapi({ description: 'All products with this tag, on every page' }),
  products: z
    .array(embeddedProductSchema)
    .openapi({ description: 'The first 100 products by id; page through GET /api/products?tag_id=' }),
};

export const tagSchema = registry.register(
  'Tag',
  z.strictObject({ id: z.number().int(), tag_name: z.string(), ...embedded }),
);

const tag = 'Tags';
const one = { params: idParams };

documentRoute({
  method: 'get',
  path: '/api/tags',
  tag,
  summary: 'List tags with their products',
  access: 'public',
  query: pageQuery,
  success: { status: 200, description: 'One page of tags', schema: z.array(tagSchema), paged: true },
});
documentRoute({
  method: 'get',
  path: '/api/tags/{id}',
  tag,
  summary: 'Get one tag with its products',
  access: 'public',
  ...one,
  success: { status: 200, description: 'The tag', schema: tagSchema },
  errors: [404],
});
documentRoute({
  method: 'post',
  path: '/api/tags',
  tag,
  summary: 'Create a tag',
  access: 'admin',
  body: tagBody,
  bodyExample: { tag_name: 'vintage' },
  success: { status: 201, description: 'The created tag', schema: tagSchema, location: true },
  errors: [409],
});
documentRoute({
  method: 'put',
  path: '/api/tags/{id}',
  tag,
  summary: 'Rename a tag',
  access: 'admin',
  ...one,
  body: tagBody,
  bodyExample: { tag_name: 'classic rock' },
  success: { status: 200, description: 'The updated tag', schema: tagSchema },
  errors: [404, 409],
});
documentRoute({
  method: 'delete',
  path: '/api/tags/{id}',
  tag,
  summary: 'Delete a tag',
  description: 'It is removed from its products; the products stay.',
  access: 'admin',
  ...one,
  success: { status: 204, description: 'Deleted' },
  errors: [404],
});
