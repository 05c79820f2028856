import { Router } from 'express';
import { accountRouter } from './modules/accounts/account.router';
import { authRouter } from './modules/auth/auth.router';
import { categoryRouter } from './modules/categories/category.router';
import { customerRouter } from './modules/customers/customer.router';
import { stockRouter } from './modules/inventory/stock.router';
import { customerOrdersRouter, orderRouter } from './modules/orders/order.router';
import { productRouter } from './modules/products/product.router';
import { tagRouter } from './modules/tags/tag.router';

/** Every resource router, mounted under /api. */
export function createApiRouter(): Router {
  const api = Router();
  api.use('/auth', authRouter);
  api.use('/customers', customerRouter);
  api.use('/customers', customerOrdersRouter);
  api.use('/accounts', accountRouter);
  api.use('/categories', categoryRouter);
  api.use('/products', productRouter);
  api.use('/tags', tagRouter);
  api.use('/orders', orderRouter);
  api.use(stockRouter);
  return api;
}
