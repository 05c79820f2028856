import express from 'express';
import request from 'supertest';
import { sendJson } from '../../src/shared/http';

const app = express();
app.get('/product', (_req, res) => {
  sendJson(res, 200, { product_name: 'Café crème ☕', price: 4.5 });
});
app.get('/created', (_req, res) => {
  sendJson(res, 201, [1, 2, 3]);
});
app.get('/nothing', (_req, res) => {
  sendJson(res, 200, undefined);
});

describe('sendJson', () => {
  test('sends the status, the JSON type, the length in bytes (not characters) and no ETag', async () => {
    const response = await request(app).get('/product').expect(200);
    const body = JSON.stringify({ product_name: 'Café crème ☕', price: 4.5 });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(Number(response.headers['content-length'])).toBeGreaterThan(body.length);
    expect(response.headers.etag).toBeUndefined();
    expect(response.text).toBe(body);
    await request(app).get('/created').expect(201, [1, 2, 3]);
  });

  test('a HEAD request gets the headers and the length, without the body', async () => {
    const response = await request(app).head('/product').expect(200);
    expect(response.headers['content-length']).toBe(
      String(Buffer.byteLength(JSON.stringify({ product_name: 'Café crème ☕', price: 4.5 }))),
    );
    expect(response.text).toBeUndefined();
  });

  test('an undefined body is an empty answer, not a crash', async () => {
    const response = await request(app).get('/nothing').expect(200);
    expect(response.headers['content-length']).toBe('0');
  });
});
