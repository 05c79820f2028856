import request from 'supertest';
import type { Response } from 'supertest';
import { createProduct } from '../helpers/factories';
import { useTestDatabase } from '../helpers/database';
import { TEST_PASSWORD, clientWithToken, signedInAs } from '../helpers/auth';
import { api, app, expectProblem } from '../helpers/http';

useTestDatabase();

const expectNoStore = (response: Response) => {
  expect(response.headers['cache-control']).toBe('no-store');
};

describe('Cache-Control: no-store on responses that carry personal data or tokens', () => {
  test('POST /api/auth/login (its token) and GET /api/auth/me', async () => {
    const user = await signedInAs('customer');
    const login = await api()
      .post('/api/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expectNoStore(login);
    const me = await clientWithToken(login.body.token).get('/api/auth/me');
    expect(me.status).toBe(200);
    expectNoStore(me);
  });

  test('a refused login and a request without a token (401) too', async () => {
    const refused = await api()
      .post('/api/auth/login')
      .send({ username: 'nobody-here', password: 'wrong-password' });
    expectProblem(refused, 401, 'UNAUTHENTICATED');
    expectNoStore(refused);
    const anonymous = await api().get('/api/accounts/1');
    expectProblem(anonymous, 401, 'UNAUTHENTICATED');
    expectNoStore(anonymous);
  });

  test('a customer, an account and an order, and their errors', async () => {
    const alice = await signedInAs('customer');
    const customer = await alice.get(`/api/customers/${alice.customerId}`);
    expect(customer.status).toBe(200);
    expectNoStore(customer);
    const account = await alice.get(`/api/accounts/${alice.accountId}`);
    expect(account.status).toBe(200);
    expectNoStore(account);
    expectNoStore(await alice.get('/api/customers/999999'));

    const product = await createProduct({ stock: 5 });
    const placed = await alice.post('/api/orders').send({ items: [{ product_id: product.id, quantity: 1 }] });
    expect(placed.status).toBe(201);
    expectNoStore(placed);
    const order = await alice.get(`/api/orders/${placed.body.id}`);
    expect(order.status).toBe(200);
    expectNoStore(order);
  });

  test('the paths are matched whatever their letter case, as Express routes them', async () => {
    // Straight through supertest: the contract check matches documented paths in their own letter case.
    const response = await request(app)
      .post('/API/Auth/Login')
      .send({ username: 'nobody-here', password: 'wrong-password' });
    expect(response.status).toBe(401);
    expectNoStore(response);
  });

  test('a catalog read with a token is personal too; without one it keeps its headers', async () => {
    const alice = await signedInAs('customer');
    const withToken = await alice.get('/api/products');
    expect(withToken.status).toBe(200);
    expectNoStore(withToken);
    const anonymous = await api().get('/api/products');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['cache-control']).toBeUndefined();
    expect((await api().get('/healthz')).headers['cache-control']).toBeUndefined();
  });
});
