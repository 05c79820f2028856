import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { pageQuery, sendPage } from '../../shared/pagination';
import { publicHref } from '../../shared/public-url';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import type { ProductGroup } from './product-group';
import { groupBody, nameOf } from './product-group.schemas';
import { createGroup, deleteGroup, getGroup, listGroups, renameGroup } from './product-group.service';

/** GET list and one (public), POST, PUT and DELETE (admin), and 405 for any other method. */
export function createProductGroupRouter(group: ProductGroup): Router {
  const body = groupBody(group);
  const router = Router();
  router
    .route('/')
    .get(async (req, res) => {
      const query = parseQuery(pageQuery, req);
      const { items, total } = await listGroups(group, query);
      sendPage(req, res, items, query, total);
    })
    .post(requireAdmin, async (req, res) => {
      const created = await createGroup(group, nameOf(group, parseBody(body, req)));
      res
        .status(201)
        .location(publicHref(`${group.path}/${created.id}`))
        .json(created);
    })
    .all(methodNotAllowed('GET', 'POST'));
  router
    .route('/:id')
    .get(async (req, res) => {
      const { id } = parseParams(idParams, req);
      res.json(await getGroup(group, id));
    })
    .put(requireAdmin, async (req, res) => {
      const { id } = parseParams(idParams, req);
      res.json(await renameGroup(group, id, nameOf(group, parseBody(body, req))));
    })
    .delete(requireAdmin, async (req, res) => {
      const { id } = parseParams(idParams, req);
      await deleteGroup(group, id);
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
  return router;
}
