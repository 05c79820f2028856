import { Router } from 'express';
import { categoryRouter } from './modules/categories/category.router';
import { productRouter } from './modules/products/product.router';
import { tagRouter } from './modules/tags/tag.router';

/** Every resource router, mounted under /api. */
export function createApiRouter(): Router {
  const api = Router();
  api.use('/categories', categoryRouter);
  api.use('/products', productRouter);
  api.use('/tags', tagRouter);
  return api;
}
