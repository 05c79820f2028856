import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { pageQuery, sendPage } from '../../shared/pagination';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { categoryBody } from './category.schemas';
import {
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  updateCategory,
} from './category.service';

export const categoryRouter = Router();

categoryRouter
  .route('/')
  .get(async (req, res) => {
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listCategories(query);
    sendPage(req, res, items, query, total);
  })
  .post(requireAdmin, async (req, res) => {
    const category = await createCategory(parseBody(categoryBody, req));
    res.status(201).location(`/api/categories/${category.id}`).json(category);
  })
  .all(methodNotAllowed('GET', 'POST'));

categoryRouter
  .route('/:id')
  .get(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getCategory(id));
  })
  .put(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await updateCategory(id, parseBody(categoryBody, req)));
  })
  .delete(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await deleteCategory(id);
    res.status(204).end();
  })
  .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
