import { z } from 'zod';
import { nameString } from '../../shared/validation';
import type { ProductGroup } from './product-group';

const bodies = new Map<ProductGroup, z.ZodObject>();

/** `{category_name}` or `{tag_name}`: the body of a create or a rename, one schema object per group. */
export function groupBody(group: ProductGroup): z.ZodObject {
  let body = bodies.get(group);
  if (body === undefined) {
    body = z.strictObject({ [group.nameField]: nameString(100) });
    bodies.set(group, body);
  }
  return body;
}

/** What a parsed body holds: the new name. */
export const nameOf = (group: ProductGroup, body: Record<string, unknown>): string => {
  const name = body[group.nameField];
  if (typeof name !== 'string') throw new Error(`a parsed ${group.singular} body has no ${group.nameField}`);
  return name;
};
