import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { sendPage } from '../../shared/pagination';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { createProductBody, listProductsQuery, updateProductBody } from './product.schemas';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from './product.service';

export const productRouter = Router();

productRouter
  .route('/')
  .get(async (req, res) => {
    const query = parseQuery(listProductsQuery, req);
    const { items, total } = await listProducts(query);
    sendPage(req, res, items, query, total);
  })
  .post(requireAdmin, async (req, res) => {
    const product = await createProduct(parseBody(createProductBody, req));
    res.status(201).location(`/api/products/${product.id}`).json(product);
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
