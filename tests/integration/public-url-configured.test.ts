// First import: it sets PUBLIC_URL before the app reads its config.
import { PUBLIC_URL } from '../helpers/public-url-env';
import { signedInAs } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct } from '../helpers/factories';
import { api } from '../helpers/http';

useTestDatabase();

const linkTargets = (header: string) => [...header.matchAll(/<([^>]*)>/g)].map((match) => match[1] ?? '');

describe('Link and Location with PUBLIC_URL set', () => {
  test('when a list is paged under a foreign Host header, responds with Link targets rooted at PUBLIC_URL', async () => {
    await createProduct();
    await createProduct();
    await createProduct();
    const response = await api().get('/api/products?per_page=1&page=2').set('Host', 'evil.example');
    expect(response.status).toBe(200);
    expect(linkTargets(response.headers.link as string)).toEqual([
      `${PUBLIC_URL}/api/products?per_page=1&page=1`,
      `${PUBLIC_URL}/api/products?per_page=1&page=1`,
      `${PUBLIC_URL}/api/products?per_page=1&page=3`,
      `${PUBLIC_URL}/api/products?per_page=1&page=3`,
    ]);
  });

  test('when a keyset page is read, responds with Link targets rooted at PUBLIC_URL', async () => {
    const first = await createProduct();
    await createProduct();
    await createProduct();
    const response = await api()
      .get(`/api/products?after_id=${first.id}&per_page=1`)
      .set('Host', 'evil.example');
    expect(response.status).toBe(200);
    for (const target of linkTargets(response.headers.link as string)) {
      expect(target.startsWith(`${PUBLIC_URL}/api/products?`)).toBe(true);
    }
  });

  test.each([
    ['/api/products', { product_name: 'Hat', price: 5 }],
    ['/api/categories', { category_name: 'Hats' }],
    ['/api/tags', { tag_name: 'wool' }],
    ['/api/customers', { name: 'Jo', email: 'jo@example.test' }],
  ])(
    'when POST %s creates a row under a foreign Host header, responds with a Location rooted at PUBLIC_URL',
    async (path, body) => {
      const admin = await signedInAs('admin');
      const created = await admin.post(path).set('Host', 'evil.example').send(body);
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`${PUBLIC_URL}${path}/${created.body.id}`);
    },
  );
});
