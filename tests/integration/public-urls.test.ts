import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { api, app } from '../helpers/http';

useTestDatabase();

const linkTargets = (header: string) => [...header.matchAll(/<([^>]*)>/g)].map((match) => match[1] ?? '');

/** Sends a request with an absolute-form target, which supertest cannot write. */
function getAbsoluteForm(target: string): Promise<{ status: number; link: string }> {
  const server = app.listen(0, '127.0.0.1');
  return new Promise((resolve, reject) => {
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const request = httpRequest(
        { host: '127.0.0.1', port, path: target, headers: { Host: 'evil.example' } },
        (response) => {
          response.resume();
          response.once('end', () => {
            server.close();
            resolve({ status: response.statusCode ?? 0, link: String(response.headers.link) });
          });
        },
      );
      request.once('error', (error) => {
        server.close();
        reject(error);
      });
      request.end();
    });
  });
}

describe('Link and Location without PUBLIC_URL', () => {
  test('when the Host header names another site, responds with relative Link targets that do not name it', async () => {
    await createProduct();
    await createProduct();
    const response = await api()
      .get('/api/products?per_page=1')
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example');
    expect(response.status).toBe(200);
    const link = response.headers.link as string;
    expect(link).not.toContain('evil.example');
    expect(linkTargets(link)).toEqual([
      '/api/products?per_page=1&page=1',
      '/api/products?per_page=1&page=2',
      '/api/products?per_page=1&page=2',
    ]);
  });

  test('when the request target is absolute-form (GET http://evil.example/...), responds with Link targets on this API', async () => {
    await createProduct();
    await createProduct();
    const { status, link } = await getAbsoluteForm('http://evil.example/api/products?per_page=1&page=2');
    expect(status).toBe(200);
    expect(link).not.toContain('evil.example');
    expect(linkTargets(link)[0]).toBe('/api/products?per_page=1&page=1');
  });

  test('when a resource is created under a foreign Host header, responds with a relative Location', async () => {
    const admin = await signedInAs('admin');
    const created = await admin
      .post('/api/products')
      .set('Host', 'evil.example')
      .send({ product_name: 'Hat', price: 5 });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/products/${created.body.id}`);
  });
});
