import { Account, AuthToken, Customer } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

let admin: SignedIn;
let alice: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
});

describe('POST /api/customers', () => {
  test('an admin creates a customer (201), email stored lower-cased', async () => {
    const response = await admin.post('/api/customers').send({ name: ' Eve ', email: 'EVE@Example.com' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      name: 'Eve',
      email: 'eve@example.com',
      phone_number: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(response.headers.location).toBe(`/api/customers/${response.body.id}`);
    expect((await Customer.findByPk(response.body.id))?.email).toBe('eve@example.com');
    const read = await admin.get(`/api/customers/${response.body.id}`);
    expect(read.body.created_at).toBe(response.body.created_at);
  });

  test('without a token 401, as a customer 403, and nothing is created', async () => {
    const body = { name: 'Eve', email: 'eve@example.com' };
    expectProblem(await api().post('/api/customers').send(body), 401, 'UNAUTHENTICATED');
    expectProblem(await alice.post('/api/customers').send(body), 403, 'FORBIDDEN');
    expect(await countRows('customer')).toBe(2);
  });

  test('a duplicate email is a 409 and a bad one a 400', async () => {
    await admin.post('/api/customers').send({ name: 'Eve', email: 'eve@example.com' }).expect(201);
    const duplicate = expectProblem(
      await admin.post('/api/customers').send({ name: 'Eve 2', email: 'Eve@example.com' }),
      409,
      'CONFLICT',
    );
    expect(duplicate.errors).toEqual([expect.objectContaining({ pointer: '#/email' })]);
    expectProblem(
      await admin.post('/api/customers').send({ name: 'X', email: 'x@' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe("GET /api/customers?email= (the Flask assignment's lookup)", () => {
  test('finds the one customer with exactly that email, ignoring letter case; a partial email finds none', async () => {
    const zed = await Customer.create({ name: 'Zed Zebra', email: 'zed@zoo.example' });
    await Customer.create({ name: 'Zed Zebra Junior', email: 'zed.junior@zoo.example' });
    const found = await admin.get('/api/customers?email=ZED@zoo.example');
    expect(found.status).toBe(200);
    expect(found.body.map((customer: { id: number }) => customer.id)).toEqual([zed.id]);
    expect(found.headers['x-total-count']).toBe('1');
    expect((await admin.get('/api/customers?email=zed@zoo')).status).toBe(400);
    expect((await admin.get('/api/customers?email=nobody@zoo.example')).body).toEqual([]);
  });

  test('is for admins: a customer gets 403', async () => {
    const customer = await signedInAs('customer');
    expectProblem(await customer.get('/api/customers?email=zed@zoo.example'), 403, 'FORBIDDEN');
  });
});

describe('GET /api/customers', () => {
  test('an admin lists customers, paged, searchable by name and email', async () => {
    await Customer.create({ name: 'Zed Zebra', email: 'zed@zoo.example' });
    const all = await admin.get('/api/customers?per_page=2');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(2);
    expect(all.headers['x-total-count']).toBe('3');
    const byName = await admin.get('/api/customers?q=zebra');
    expect(byName.body.map((c: { name: string }) => c.name)).toEqual(['Zed Zebra']);
    const byEmail = await admin.get('/api/customers?q=zoo.example');
    expect(byEmail.body).toHaveLength(1);
  });

  test('a customer gets 403', async () => {
    expectProblem(await alice.get('/api/customers'), 403, 'FORBIDDEN');
  });
});

describe('GET /api/customers/:id', () => {
  test('a customer reads itself; an admin reads anyone', async () => {
    expect((await alice.get(`/api/customers/${alice.customerId}`)).body.id).toBe(alice.customerId);
    expect((await admin.get(`/api/customers/${alice.customerId}`)).status).toBe(200);
  });

  test("another customer's record is a 404, exactly like a missing one", async () => {
    const bob = await signedInAs('customer');
    const other = expectProblem(await alice.get(`/api/customers/${bob.customerId}`), 404, 'NOT_FOUND');
    const missing = expectProblem(await alice.get('/api/customers/999999'), 404, 'NOT_FOUND');
    expect(other.detail).toBe(`Customer ${bob.customerId} does not exist`);
    expect(missing.detail).toBe('Customer 999999 does not exist');
  });

  test('without a token 401', async () => {
    expectProblem(await api().get(`/api/customers/${alice.customerId}`), 401, 'UNAUTHENTICATED');
  });
});

describe('PUT /api/customers/:id', () => {
  test('a customer updates itself', async () => {
    const response = await alice
      .put(`/api/customers/${alice.customerId}`)
      .send({ phone_number: '555 0100 99' });
    expect(response.status).toBe(200);
    expect(response.body.phone_number).toBe('555 0100 99');
  });

  test("another customer's record is a 404 and is left unchanged", async () => {
    const bob = await signedInAs('customer');
    expectProblem(
      await alice.put(`/api/customers/${bob.customerId}`).send({ name: 'Hacked' }),
      404,
      'NOT_FOUND',
    );
    expect((await Customer.findByPk(bob.customerId))?.name).not.toBe('Hacked');
  });

  test('role or any unknown field is a 400', async () => {
    const problem = expectProblem(
      await alice.put(`/api/customers/${alice.customerId}`).send({ name: 'A', role: 'admin' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/role', detail: 'unknown field' }]);
  });

  test("taking another customer's email is a 409", async () => {
    const bob = await signedInAs('customer');
    const bobEmail = (await Customer.findByPk(bob.customerId))!.email;
    expectProblem(
      await alice.put(`/api/customers/${alice.customerId}`).send({ email: bobEmail }),
      409,
      'CONFLICT',
    );
  });

  test('an admin updates anyone; an unknown id is a 404', async () => {
    expect((await admin.put(`/api/customers/${alice.customerId}`).send({ name: 'Alice A.' })).body.name).toBe(
      'Alice A.',
    );
    expectProblem(await admin.put('/api/customers/999999').send({ name: 'x' }), 404, 'NOT_FOUND');
  });
});

describe('DELETE /api/customers/:id', () => {
  test('an admin deletes a customer with its account; its tokens stop working', async () => {
    const response = await admin.delete(`/api/customers/${alice.customerId}`);
    expect(response.status).toBe(204);
    expect(await Customer.findByPk(alice.customerId)).toBeNull();
    expect(await Account.findByPk(alice.accountId)).toBeNull();
    expect(await AuthToken.count({ where: { account_id: alice.accountId } })).toBe(0);
    expectProblem(await alice.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  test('a customer may not delete, not even itself (403)', async () => {
    expectProblem(await alice.delete(`/api/customers/${alice.customerId}`), 403, 'FORBIDDEN');
  });

  test('the customer of the only admin account cannot be deleted (409)', async () => {
    expectProblem(await admin.delete(`/api/customers/${admin.customerId}`), 409, 'CONFLICT');
    expect(await Account.findByPk(admin.accountId)).not.toBeNull();
  });

  test('an unknown id is a 404', async () => {
    expectProblem(await admin.delete('/api/customers/999999'), 404, 'NOT_FOUND');
  });
});
