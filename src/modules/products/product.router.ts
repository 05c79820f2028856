import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { sendKeysetPage, sendPage } from '../../shared/pagination';
import { publicHref } from '../../shared/public-url';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { createProductBody, listProductsQuery, updateProductBody } from './product.schemas';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from './product.service';

export const productRouter = Router();

productRouter
  .route('/')
  .get(async (req, res) => {
    const query = parseQuery(listProductsQuery, req);
    const { items, total, nextAfterId } = await listProducts(query);
    if (query.after_id === undefined) sendPage(req, res, items, query, total);
    else sendKeysetPage(req, res, items, query.per_page, total, nextAfterId);
  })
  .post(requireAdmin, async (req, res) => {
    const product = await createProduct(parseBody(createProductBody, req));
    res
      .status(201)
      .location(publicHref(`/api/products/${product.id}`))
      .json(product);
  })
  .all(methodNotAllowed('GET', 'POST'));

productRouter
  .route('/:id')
  .get(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getProduct(id));
  })
  .put(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await updateProduct(id, parseBody(updateProductBody, req)));
  })
  .delete(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await deleteProduct(id);
    res.status(204).end();
  })
  .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
