import { Router } from 'express';
import { requireAdmin } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { pageQuery, sendPage } from '../../shared/pagination';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { stockAdjustmentBody } from './stock.schemas';
import { adjustStock, getStockLevel, listLowStock, listMovements } from './stock.service';

/** Stock routes, mounted under /api. */
export const stockRouter = Router();

stockRouter
  .route('/products/:id/stock')
  .get(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getStockLevel(id));
  })
  .all(methodNotAllowed('GET'));

stockRouter
  .route('/products/:id/stock/adjustments')
  .post(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.status(201).json(await adjustStock(id, parseBody(stockAdjustmentBody, req)));
  })
  .all(methodNotAllowed('POST'));

stockRouter
  .route('/products/:id/stock/movements')
  .get(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listMovements(id, query);
    sendPage(req, res, items, query, total);
  })
  .all(methodNotAllowed('GET'));

stockRouter
  .route('/inventory/low-stock')
  .get(requireAdmin, async (req, res) => {
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listLowStock(query);
    sendPage(req, res, items, query, total);
  })
  .all(methodNotAllowed('GET'));
