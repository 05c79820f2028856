import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { pageQuery, sendPage } from '../../shared/pagination';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { tagBody } from './tag.schemas';
import { createTag, deleteTag, getTag, listTags, updateTag } from './tag.service';

export const tagRouter = Router();

tagRouter
  .route('/')
  .get(async (req, res) => {
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listTags(query);
    sendPage(req, res, items, query, total);
  })
  .post(requireAdmin, async (req, res) => {
    const tag = await createTag(parseBody(tagBody, req));
    res.status(201).location(`/api/tags/${tag.id}`).json(tag);
  })
  .all(methodNotAllowed('GET', 'POST'));

tagRouter
  .route('/:id')
  .get(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getTag(id));
  })
  .put(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await updateTag(id, parseBody(tagBody, req)));
  })
  .delete(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await deleteTag(id);
    res.status(204).end();
  })
  .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
