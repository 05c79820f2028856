import { z } from 'zod';
import { endpoint } from '../../shared/endpoint';
import type { Endpoint } from '../../shared/endpoint';
import { pageQuery } from '../../shared/pagination';
import { idParams } from '../../shared/validation';
import { embeddedProductSchema } from '../products';
import type { ProductGroup } from './product-group';
import { groupBody, nameOf } from './product-group.schemas';
import { createGroup, deleteGroup, getGroup, listGroups, renameGroup } from './product-group.service';

/** A group as clients see it, with its first products; the OpenAPI component is named after the group. */
const groupSchema = (group: ProductGroup) =>
  z
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

/** The five operations of a group: list and get (public), create, rename and delete (admin). */
export function groupEndpoints(group: ProductGroup): Endpoint[] {
  const schema = groupSchema(group);
  const body = groupBody(group);
  const tag = group.docsTag;
  const one = `${group.path}/{id}`;
  return [
    endpoint({
      method: 'get',
      path: group.path,
      tag,
      summary: `List ${group.plural} with their products`,
      access: 'public',
      query: pageQuery,
      success: {
        status: 200,
        description: `One page of ${group.plural}`,
        schema: z.array(schema),
        paged: true,
      },
      handle: ({ query }) => listGroups(group, query),
    }),
    endpoint({
      method: 'post',
      path: group.path,
      tag,
      summary: `Create a ${group.singular}`,
      access: 'admin',
      body,
      bodyExample: group.createExample,
      success: { status: 201, description: `The created ${group.singular}`, schema, location: true },
      errors: [409],
      handle: ({ body: created }) => createGroup(group, nameOf(group, created)),
      location: (created) => `${group.path}/${created.id}`,
    }),
    endpoint({
      method: 'get',
      path: one,
      tag,
      summary: `Get one ${group.singular} with its products`,
      access: 'public',
      params: idParams,
      success: { status: 200, description: `The ${group.singular}`, schema },
      errors: [404],
      handle: ({ params }) => getGroup(group, params.id),
    }),
    endpoint({
      method: 'put',
      path: one,
      tag,
      summary: `Rename a ${group.singular}`,
      access: 'admin',
      params: idParams,
      body,
      bodyExample: group.renameExample,
      success: { status: 200, description: `The updated ${group.singular}`, schema },
      errors: [404, 409],
      handle: ({ params, body: renamed }) => renameGroup(group, params.id, nameOf(group, renamed)),
    }),
    endpoint({
      method: 'delete',
      path: one,
      tag,
      summary: `Delete a ${group.singular}`,
      description: group.deleteNote,
      access: 'admin',
      params: idParams,
      success: { status: 204, description: 'Deleted' },
      errors: [404],
      handle: ({ params }) => deleteGroup(group, params.id),
    }),
  ];
}
