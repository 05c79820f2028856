import './bench-env';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import express from 'express';
import { getConfig } from '../src/config/env';
import { getSequelize } from '../src/database/sequelize';
import { getStockLevel } from '../src/modules/inventory/stock.service';
import { getProduct } from '../src/modules/products/product.service';
import { sendJson } from '../src/shared/http';

/**
 * What the framework alone costs (`npm run bench -- --floor`): the app's own services for product by id and stock
 * level, with nothing around them (no validation, auth, logging, middleware), served either by bare node:http
 * (`http`) or by Express 5 with just those two routes (`express`), which answers with the app's own sendJson. The difference between the two is the price of
 * Express itself, which the API pays on every request before any of its own work.
 */
const mode = process.argv[2];
const { port } = getConfig();
getSequelize();

const reply = (res: ServerResponse, value: unknown) => {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
};

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
  app.listen(port, '127.0.0.1');
} else if (mode === 'http') {
  createServer((req, res) => {
    const [, api, products, id, stock] = (req.url ?? '').split('/');
    if (req.url === '/readyz') {
      reply(res, { status: 'ok' });
      return;
    }
    if (api !== 'api' || products !== 'products') {
      reply(res, null);
      return;
    }
    const work = stock === 'stock' ? getStockLevel(Number(id)) : getProduct(Number(id));
    work.then(
      (value) => {
        reply(res, value);
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
