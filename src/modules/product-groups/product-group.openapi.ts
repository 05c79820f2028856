import { z } from 'zod';
import { documentRoute } from '../../shared/openapi';
import { pageQuery } from '../../shared/pagination';
import { idParams } from '../../shared/validation';
import { embeddedProductSchema } from '../products';
import type { ProductGroup } from './product-group';
import { groupBody } from './product-group.schemas';

/** Registers the group's schema and documents its five routes. */
export function documentProductGroup(group: ProductGroup): void {
  const body = groupBody(group);
  const schema = z
    .strictObject({
      id: z.number().int(),
      [group.nameField]: z.string(),
      product_count: z
        .number()
        .int()
        .openapi({ description: `All products ${group.membership}, on every page` }),
      products: z.array(embeddedProductSchema).openapi({
        description: `The first 100 products by id; page through GET /api/products?${group.productFilter}=`,
      }),
    })
    .openapi(group.component);
  const common = { tag: group.docsTag };
  const one = { params: idParams };
  documentRoute({
    ...common,
    method: 'get',
    path: group.path,
    summary: `List ${group.plural} with their products`,
    access: 'public',
    query: pageQuery,
    success: {
      status: 200,
      description: `One page of ${group.plural}`,
      schema: z.array(schema),
      paged: true,
    },
  });
  documentRoute({
    ...common,
    method: 'get',
    path: `${group.path}/{id}`,
    summary: `Get one ${group.singular} with its products`,
    access: 'public',
    ...one,
    success: { status: 200, description: `The ${group.singular}`, schema },
    errors: [404],
  });
  documentRoute({
    ...common,
    method: 'post',
    path: group.path,
    summary: `Create a ${group.singular}`,
    access: 'admin',
    body,
    bodyExample: group.createExample,
    success: { status: 201, description: `The created ${group.singular}`, schema, location: true },
    errors: [409],
  });
  documentRoute({
    ...common,
    method: 'put',
    path: `${group.path}/{id}`,
    summary: `Rename a ${group.singular}`,
    access: 'admin',
    ...one,
    body,
    bodyExample: group.renameExample,
    success: { status: 200, description: `The updated ${group.singular}`, schema },
    errors: [404, 409],
  });
  documentRoute({
    ...common,
    method: 'delete',
    path: `${group.path}/{id}`,
    summary: `Delete a ${group.singular}`,
    description: group.deleteNote,
    access: 'admin',
    ...one,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  });
}
