import { z } from 'zod';
import { createOp, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import type { Endpoint } from '../../shared/endpoint';
import { pageQuery } from '../../shared/pagination';
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
  return resourceEndpoints({ path: group.path, tag: group.docsTag, noun: [group.singular, group.plural] }, [
    listOp({
      summary: `List ${group.plural} with their products`,
      access: 'public',
      query: pageQuery,
      returns: schema,
      handle: ({ query }) => listGroups(group, query),
    }),
    createOp({
      summary: `Create a ${group.singular}`,
      access: 'admin',
      body,
      bodyExample: group.createExample,
      returns: schema,
      errors: [409],
      handle: ({ body: created }) => createGroup(group, nameOf(group, created)),
    }),
    itemOp('get', {
      summary: `Get one ${group.singular} with its products`,
      access: 'public',
      returns: schema,
      handle: ({ params }) => getGroup(group, params.id),
    }),
    itemOp('put', {
      summary: `Rename a ${group.singular}`,
      access: 'admin',
      body,
      bodyExample: group.renameExample,
      returns: schema,
      errors: [409],
      handle: ({ params, body: renamed }) => renameGroup(group, params.id, nameOf(group, renamed)),
    }),
    itemOp('delete', {
      summary: `Delete a ${group.singular}`,
      description: group.deleteNote,
      access: 'admin',
      handle: ({ params }) => deleteGroup(group, params.id),
    }),
  ]);
}
