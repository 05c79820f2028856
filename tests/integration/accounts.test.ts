import { Account, AuthToken, Customer } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { TEST_PASSWORD, clientWithToken, signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';
import { withTransaction } from '../../src/database/transaction';
import { assertNotLastAdmin } from '../../src/modules/customers/account.service';

useTestDatabase();

let admin: SignedIn;
let alice: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
});

const login = (username: string, password: string) =>
  api().post('/api/auth/login').send({ username, password });

describe('POST /api/accounts', () => {
  test('an admin creates an account for a customer (201), never showing the password', async () => {
    const customer = await Customer.create({ name: 'Frank', email: 'frank@example.com' });
    const response = await admin
      .post('/api/accounts')
      .send({ customer_id: customer.id, username: 'frank', password: 'frank-password' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      customer_id: customer.id,
      username: 'frank',
      role: 'customer',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await login('frank', 'frank-password')).status).toBe(200);
  });

  test('an admin may create another admin', async () => {
    const customer = await Customer.create({ name: 'Gil', email: 'gil@example.com' });
    const response = await admin
      .post('/api/accounts')
      .send({ customer_id: customer.id, username: 'gil', password: 'gil-password', role: 'admin' });
    expect(response.body.role).toBe('admin');
  });

  test.each([
    [{ username: 'frank', password: 'Sunshine1' }, 'is too common'],
    [{ username: 'frank.moore', password: 'FRANK.MOORE' }, 'must not be the username'],
    [{ username: 'frank', password: '\t \t \t \t ' }, 'must not be only spaces'],
  ])('%j is a 400 pointing at #/password (%s), and creates nothing', async (fields, detail) => {
    const customer = await Customer.create({ name: 'Frank', email: 'frank@example.com' });
    const problem = expectProblem(
      await admin.post('/api/accounts').send({ customer_id: customer.id, ...fields }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/password', detail }]);
    expect(await countRows('account')).toBe(2);
  });

  test('a customer gets 403', async () => {
    const customer = await Customer.create({ name: 'Frank', email: 'frank@example.com' });
    expectProblem(
      await alice
        .post('/api/accounts')
        .send({ customer_id: customer.id, username: 'frank', password: 'frank-password' }),
      403,
      'FORBIDDEN',
    );
  });

  test('an unknown customer is a 422; a customer that has an account, or a taken username, a 409', async () => {
    const unknown = expectProblem(
      await admin
        .post('/api/accounts')
        .send({ customer_id: 999999, username: 'frank', password: 'frank-password' }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ pointer: '#/customer_id' })]);
    const taken = expectProblem(
      await admin
        .post('/api/accounts')
        .send({ customer_id: alice.customerId, username: 'frank', password: 'frank-password' }),
      409,
      'CONFLICT',
    );
    expect(taken.errors).toEqual([expect.objectContaining({ pointer: '#/customer_id' })]);
    const customer = await Customer.create({ name: 'Frank', email: 'frank@example.com' });
    const username = expectProblem(
      await admin
        .post('/api/accounts')
        .send({ customer_id: customer.id, username: alice.username, password: 'frank-password' }),
      409,
      'CONFLICT',
    );
    expect(username.errors).toEqual([expect.objectContaining({ pointer: '#/username' })]);
    expect(await countRows('account')).toBe(2);
  });
});

describe('GET /api/accounts/:id', () => {
  test('the owner reads its account with its customer, and no password or hash', async () => {
    const response = await alice.get(`/api/accounts/${alice.accountId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: alice.accountId,
      username: alice.username,
      customer: { id: alice.customerId },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|scrypt/);
  });

  test("another customer's account is a 404; an admin reads any", async () => {
    const bob = await signedInAs('customer');
    expectProblem(await alice.get(`/api/accounts/${bob.accountId}`), 404, 'NOT_FOUND');
    expect((await admin.get(`/api/accounts/${bob.accountId}`)).status).toBe(200);
    expectProblem(await admin.get('/api/accounts/999999'), 404, 'NOT_FOUND');
  });
});

describe('PUT /api/accounts/:id', () => {
  test('the owner must send current_password, and it must be right', async () => {
    const missing = expectProblem(
      await alice.put(`/api/accounts/${alice.accountId}`).send({ username: 'alice2' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors).toEqual([expect.objectContaining({ pointer: '#/current_password' })]);
    expectProblem(
      await alice
        .put(`/api/accounts/${alice.accountId}`)
        .send({ username: 'alice2', current_password: 'wrong-one' }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await Account.findByPk(alice.accountId))?.username).toBe(alice.username);
  });

  test('an owner cannot make itself an admin: role is an unknown field (400)', async () => {
    const problem = expectProblem(
      await alice
        .put(`/api/accounts/${alice.accountId}`)
        .send({ role: 'admin', current_password: TEST_PASSWORD }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual(expect.arrayContaining([{ pointer: '#/role', detail: 'unknown field' }]));
    expect((await Account.findByPk(alice.accountId))?.role).toBe('customer');
  });

  test("a password change keeps the caller's token, revokes the account's other tokens, and the new password works", async () => {
    const other = await login(alice.username, TEST_PASSWORD);
    const response = await alice
      .put(`/api/accounts/${alice.accountId}`)
      .send({ password: 'brand-new-password', current_password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect((await alice.get('/api/auth/me')).status).toBe(200);
    expectProblem(await clientWithToken(other.body.token).get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect((await login(alice.username, 'brand-new-password')).status).toBe(200);
    expectProblem(await login(alice.username, TEST_PASSWORD), 401, 'UNAUTHENTICATED');
  });

  test('a common new password is a 400 pointing at #/password, and the old password still works', async () => {
    const problem = expectProblem(
      await alice
        .put(`/api/accounts/${alice.accountId}`)
        .send({ password: 'LetMeIn123', current_password: TEST_PASSWORD }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/password', detail: 'is too common' }]);
    expect((await login(alice.username, TEST_PASSWORD)).status).toBe(200);
  });

  test("a new password equal to the account's username, sent alone, is a 400 pointing at #/password", async () => {
    const problem = expectProblem(
      await alice
        .put(`/api/accounts/${alice.accountId}`)
        .send({ password: ` ${alice.username.toUpperCase()} `, current_password: TEST_PASSWORD }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/password', detail: 'must not be the username' }]);
    expect((await login(alice.username, TEST_PASSWORD)).status).toBe(200);
  });

  test('a new password equal to the new username is a 400, for an admin too', async () => {
    const problem = expectProblem(
      await admin
        .put(`/api/accounts/${alice.accountId}`)
        .send({ username: 'alice.renamed', password: 'Alice.Renamed' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/password', detail: 'must not be the username' }]);
    expect((await Account.findByPk(alice.accountId))?.username).toBe(alice.username);
  });

  test("an admin changes another account's password without current_password, revoking all its tokens", async () => {
    const response = await admin.put(`/api/accounts/${alice.accountId}`).send({ password: 'reset-by-admin' });
    expect(response.status).toBe(200);
    expectProblem(await alice.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  test("another customer's account is a 404", async () => {
    const bob = await signedInAs('customer');
    expectProblem(
      await alice
        .put(`/api/accounts/${bob.accountId}`)
        .send({ username: 'mine', current_password: TEST_PASSWORD }),
      404,
      'NOT_FOUND',
    );
  });

  test('a taken username is a 409', async () => {
    const bob = await signedInAs('customer');
    expectProblem(
      await alice
        .put(`/api/accounts/${alice.accountId}`)
        .send({ username: bob.username, current_password: TEST_PASSWORD }),
      409,
      'CONFLICT',
    );
  });

  test('the only admin cannot demote itself (409); with a second admin it can', async () => {
    expectProblem(
      await admin
        .put(`/api/accounts/${admin.accountId}`)
        .send({ role: 'customer', current_password: TEST_PASSWORD }),
      409,
      'CONFLICT',
    );
    await signedInAs('admin');
    const demoted = await admin
      .put(`/api/accounts/${admin.accountId}`)
      .send({ role: 'customer', current_password: TEST_PASSWORD });
    expect(demoted.body.role).toBe('customer');
  });
});

describe('DELETE /api/accounts/:id', () => {
  test('the owner deletes its account with its current password (204); its tokens stop working; the customer stays', async () => {
    expect(
      (await alice.delete(`/api/accounts/${alice.accountId}`).send({ current_password: TEST_PASSWORD }))
        .status,
    ).toBe(204);
    expect(await AuthToken.count({ where: { account_id: alice.accountId } })).toBe(0);
    expectProblem(await alice.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect(await Customer.findByPk(alice.customerId)).not.toBeNull();
  });

  test("another customer's account is a 404; an admin deletes any", async () => {
    const bob = await signedInAs('customer');
    expectProblem(await alice.delete(`/api/accounts/${bob.accountId}`), 404, 'NOT_FOUND');
    expect((await admin.delete(`/api/accounts/${bob.accountId}`)).status).toBe(204);
  });

  test('the owner must send current_password, and it must be right; nothing is deleted otherwise', async () => {
    const missing = expectProblem(
      await alice.delete(`/api/accounts/${alice.accountId}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors).toEqual([expect.objectContaining({ pointer: '#/current_password' })]);
    const wrong = expectProblem(
      await alice.delete(`/api/accounts/${alice.accountId}`).send({ current_password: 'wrong-one' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(wrong.errors).toEqual([{ pointer: '#/current_password', detail: 'does not match' }]);
    expectProblem(
      await alice.delete(`/api/accounts/${alice.accountId}`).send({ current_password: 42 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await Account.findByPk(alice.accountId)).not.toBeNull();
    expect((await alice.get('/api/auth/me')).status).toBe(200);
  });

  test('an admin deleting its own account needs current_password too', async () => {
    await signedInAs('admin');
    expectProblem(await admin.delete(`/api/accounts/${admin.accountId}`), 400, 'VALIDATION_FAILED');
    expect(
      (await admin.delete(`/api/accounts/${admin.accountId}`).send({ current_password: TEST_PASSWORD }))
        .status,
    ).toBe(204);
  });

  test('the only admin account cannot be deleted (409)', async () => {
    expectProblem(
      await admin.delete(`/api/accounts/${admin.accountId}`).send({ current_password: TEST_PASSWORD }),
      409,
      'CONFLICT',
    );
  });

  test('without a token 401', async () => {
    expectProblem(await api().delete(`/api/accounts/${alice.accountId}`), 401, 'UNAUTHENTICATED');
  });
});

describe('the only-admin check under concurrency', () => {
  test('two admins demoting each other at once: one succeeds, the other gets 409, one admin is left', async () => {
    const other = await signedInAs('admin');
    const [first, second] = await Promise.all([
      admin.put(`/api/accounts/${other.accountId}`).send({ role: 'customer' }),
      other.put(`/api/accounts/${admin.accountId}`).send({ role: 'customer' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(await Account.count({ where: { role: 'admin' } })).toBe(1);
  });

  test('locks the admin rows by primary key only: a sign-up while the check holds its locks is not held up', async () => {
    await signedInAs('admin');
    await withTransaction(async (transaction) => {
      await assertNotLastAdmin(admin.accountId, transaction);
      const registered = await api().post('/api/auth/register').send({
        name: 'Dana Lee',
        email: 'dana@example.com',
        username: 'dana',
        password: 'a-long-new-password',
      });
      expect(registered.status).toBe(201);
    });
  });
});
