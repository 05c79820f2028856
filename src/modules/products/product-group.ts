import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { documentRoute, registry } from '../../shared/openapi';
import { pageQuery, sendPage } from '../../shared/pagination';
import type { PageRequest } from '../../shared/pagination';
import { publicHref } from '../../shared/public-url';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { embeddedProductSchema } from './product.openapi';

/**
 * Categories and tags are the same kind of resource: a named group of products, listed with its first products
 * and a product_count. They share their routes and their documentation; only names, models and the column that
 * links them to products differ (their services).
 */
export interface ProductGroupService<Dto extends { id: number }, Body> {
  list(page: PageRequest): Promise<{ items: Dto[]; total: number }>;
  get(id: number): Promise<Dto>;
  create(body: Body): Promise<Dto>;
  update(id: number, body: Body): Promise<Dto>;
  remove(id: number): Promise<void>;
}

export interface ProductGroupNames {
  /** /api/categories */
  path: string;
  /** OpenAPI tag: Categories */
  tag: string;
  /** OpenAPI component: Category */
  component: string;
  /** category / categories */
  singular: string;
  plural: string;
  /** category_name */
  nameField: string;
  /** The product filter for the full list: category_id */
  productFilter: string;
  /** "of this category", "with this tag" */
  membership: string;
  deleteNote: string;
  createExample: unknown;
  renameExample: unknown;
}

/** GET list and one (public), POST, PUT and DELETE (admin), and 405 for any other method. */
export function createProductGroupRouter<Dto extends { id: number }, Body>(
  names: Pick<ProductGroupNames, 'path'>,
  body: z.ZodType<Body>,
  service: ProductGroupService<Dto, Body>,
): Router {
  const router = Router();
  router
    .route('/')
    .get(async (req, res) => {
      const query = parseQuery(pageQuery, req);
      const { items, total } = await service.list(query);
      sendPage(req, res, items, query, total);
    })
    .post(requireAdmin, async (req, res) => {
      const created = await service.create(parseBody(body, req));
      res
        .status(201)
        .location(publicHref(`${names.path}/${created.id}`))
        .json(created);
    })
    .all(methodNotAllowed('GET', 'POST'));
  router
    .route('/:id')
    .get(async (req, res) => {
      const { id } = parseParams(idParams, req);
      res.json(await service.get(id));
    })
    .put(requireAdmin, async (req, res) => {
      const { id } = parseParams(idParams, req);
      res.json(await service.update(id, parseBody(body, req)));
    })
    .delete(requireAdmin, async (req, res) => {
      const { id } = parseParams(idParams, req);
      await service.remove(id);
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
  return router;
}

/** Registers the group's schema and documents its five routes; returns the schema. */
export function documentProductGroup(names: ProductGroupNames, body: z.ZodType) {
  const schema = registry.register(
    names.component,
    z.strictObject({
      id: z.number().int(),
      [names.nameField]: z.string(),
      product_count: z
        .number()
        .int()
        .openapi({ description: `All products ${names.membership}, on every page` }),
      products: z.array(embeddedProductSchema).openapi({
        description: `The first 100 products by id; page through GET /api/products?${names.productFilter}=`,
      }),
    }),
  );
  const common = { tag: names.tag };
  const one = { params: idParams };
  documentRoute({
    ...common,
    method: 'get',
    path: names.path,
    summary: `List ${names.plural} with their products`,
    access: 'public',
    query: pageQuery,
    success: {
      status: 200,
      description: `One page of ${names.plural}`,
      schema: z.array(schema),
      paged: true,
    },
  });
  documentRoute({
    ...common,
    method: 'get',
    path: `${names.path}/{id}`,
    summary: `Get one ${names.singular} with its products`,
    access: 'public',
    ...one,
    success: { status: 200, description: `The ${names.singular}`, schema },
    errors: [404],
  });
  documentRoute({
    ...common,
    method: 'post',
    path: names.path,
    summary: `Create a ${names.singular}`,
    access: 'admin',
    body,
    bodyExample: names.createExample,
    success: { status: 201, description: `The created ${names.singular}`, schema, location: true },
    errors: [409],
  });
  documentRoute({
    ...common,
    method: 'put',
    path: `${names.path}/{id}`,
    summary: `Rename a ${names.singular}`,
    access: 'admin',
    ...one,
    body,
    bodyExample: names.renameExample,
    success: { status: 200, description: `The updated ${names.singular}`, schema },
    errors: [404, 409],
  });
  documentRoute({
    ...common,
    method: 'delete',
    path: `${names.path}/{id}`,
    summary: `Delete a ${names.singular}`,
    description: names.deleteNote,
    access: 'admin',
    ...one,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  });
  return schema;
}
