import './bench-env';
import { createServer } from 'node:http';
import express from 'express';
import { getConfig } from '../src/config/env';
import { getSequelize } from '../src/database/sequelize';
import { getStockLevel } from '../src/modules/inventory/stock.service';
import { getProduct } from '../src/modules/products/product.service';
import { createAppServer } from '../src/shared/app-server';
import { sendJson } from '../src/shared/http';

/**
 * What the framework alone costs (`npm run bench -- --floor`): the app's own services for product by id and stock
 * level, with nothing around them (no validation, auth, logging, middleware), served either by bare node:http
 * (`http`) or by Express 5 with just those two routes on the app's own server, createAppServer (`express`). Both
 * answer with the app's own sendJson, so the difference between the two is the price of Express itself, which the
 * API pays on every request before any of its own work.
 */
const mode = process.argv[2];
const { port } = getConfig();
getSequelize();

if (mode === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.get('/readyz', (_req, res) => {
    sendJson(res, 200, { status: 'ok' });
  });
  app.get('/api/products/:id', async (req, res) => {
    sendJson(res, 200, await getProduct(Number(req.params.id)));
  });
  app.get('/api/products/:id/stock', async (req, res) => {
    sendJson(res, 200, await getStockLevel(Number(req.params.id)));
  });
  createAppServer(app).listen(port, '127.0.0.1');
} else if (mode === 'http') {
  createServer((req, res) => {
    const [, api, products, id, stock] = (req.url ?? '').split('/');
    if (req.url === '/readyz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (api !== 'api' || products !== 'products') {
      sendJson(res, 200, null);
      return;
    }
    const work = stock === 'stock' ? getStockLevel(Number(id)) : getProduct(Number(id));
    work.then(
      (value) => {
        sendJson(res, 200, value);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  }).listen(port, '127.0.0.1');
} else {
  throw new Error('usage: framework-floor-server.ts http|express');
}
