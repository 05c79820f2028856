import type { Response, Test } from 'supertest';
import { AuthToken } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { TEST_PASSWORD, clientWithToken, signedInAs } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

const NEW_PASSWORD = 'a-new-secret-password';
const seen: Response[] = [];

/** Sends a request and keeps its response, so that every body can be scanned for secrets afterwards. */
async function call(test: Test): Promise<Response> {
  const response = await test;
  seen.push(response);
  return response;
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  name: 'Dana Lee',
  email: 'Dana.Lee@Example.com',
  phone_number: '+44 (20) 7946-0000',
  username: 'dana',
  password: NEW_PASSWORD,
  ...overrides,
});

afterAll(() => {
  expect(seen.length).toBeGreaterThan(0);
  for (const response of seen) {
    const raw = JSON.stringify(response.body) + response.text + JSON.stringify(response.headers);
    expect(raw).not.toContain(NEW_PASSWORD);
    expect(raw).not.toContain(TEST_PASSWORD);
    expect(raw).not.toMatch(/scrypt\$|password_hash/);
  }
});

describe('POST /api/auth/register', () => {
  test('creates a customer and a customer account and answers 201 with a working token', async () => {
    const response = await call(api().post('/api/auth/register').send(registration()));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      token: expect.stringMatching(/^ecm_[A-Za-z0-9_-]{43}$/),
      expires_at: expect.any(String),
      account: {
        id: expect.any(Number),
        customer_id: response.body.customer.id,
        username: 'dana',
        role: 'customer',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      customer: {
        id: expect.any(Number),
        name: 'Dana Lee',
        email: 'dana.lee@example.com',
        phone_number: '+44 (20) 7946-0000',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    const expiresInHours = (Date.parse(response.body.expires_at) - Date.now()) / 3_600_000;
    expect(expiresInHours).toBeGreaterThan(23.9);
    expect(expiresInHours).toBeLessThanOrEqual(24);

    const me = await call(clientWithToken(response.body.token).get('/api/auth/me'));
    expect(me.status).toBe(200);
    expect(me.body.account.username).toBe('dana');
  });

  test('a role in the body is a 400 and creates nothing, so nobody can register as an admin', async () => {
    const problem = expectProblem(
      await call(
        api()
          .post('/api/auth/register')
          .send(registration({ role: 'admin' })),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/role', detail: 'unknown field' }]);
    expect(await countRows('customer')).toBe(0);
    expect(await countRows('account')).toBe(0);
  });

  test.each([
    [{ email: 'not-an-email' }, '#/email'],
    [{ email: undefined }, '#/email'],
    [{ name: '' }, '#/name'],
    [{ phone_number: '12' }, '#/phone_number'],
    [{ phone_number: 'call me maybe' }, '#/phone_number'],
    [{ username: 'ab' }, '#/username'],
    [{ username: 'has space' }, '#/username'],
    [{ password: 'short' }, '#/password'],
    [{ password: 'x'.repeat(129) }, '#/password'],
  ])('%j is a 400 pointing at %s', async (overrides, pointer) => {
    const problem = expectProblem(
      await call(api().post('/api/auth/register').send(registration(overrides))),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await countRows('customer')).toBe(0);
  });

  test.each([
    ['a common password, in any letter case', { password: 'Password123' }, 'is too common'],
    ['a common password with spaces around it', { password: '  qwertyuiop ' }, 'is too common'],
    ['only spaces', { password: ' '.repeat(12) }, 'must not be only spaces'],
    ['the username', { username: 'dana.lee.1984', password: 'dana.lee.1984' }, 'must not be the username'],
    [
      'the username in other letter case, with spaces around it',
      { username: 'dana.lee.1984', password: '  DANA.Lee.1984 ' },
      'must not be the username',
    ],
  ])(
    'a password that is %s is a 400 pointing at #/password, and creates nothing',
    async (_what, overrides, detail) => {
      const problem = expectProblem(
        await call(api().post('/api/auth/register').send(registration(overrides))),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([{ pointer: '#/password', detail }]);
      expect(await countRows('customer')).toBe(0);
      expect(await countRows('account')).toBe(0);
    },
  );

  test('a taken email, in any letter case, is a 409 naming email', async () => {
    await call(api().post('/api/auth/register').send(registration()));
    const problem = expectProblem(
      await call(
        api()
          .post('/api/auth/register')
          .send(registration({ email: 'DANA.LEE@example.com', username: 'other' })),
      ),
      409,
      'CONFLICT',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/email' })]);
  });

  test('a taken username is a 409 naming username, and leaves no orphan customer behind', async () => {
    await call(api().post('/api/auth/register').send(registration()));
    const problem = expectProblem(
      await call(
        api()
          .post('/api/auth/register')
          .send(registration({ email: 'other@example.com', username: 'DANA' })),
      ),
      409,
      'CONFLICT',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/username' })]);
    expect(await countRows('customer')).toBe(1);
  });
});

describe('POST /api/auth/login', () => {
  test('answers 200 with a token, the account and its customer (as the Flask assignment expects)', async () => {
    const user = await signedInAs('customer');
    const response = await call(
      api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      token: expect.stringMatching(/^ecm_/),
      expires_at: expect.any(String),
      account: expect.objectContaining({ id: user.accountId, role: 'customer' }),
      customer: expect.objectContaining({ id: user.customerId, email: expect.any(String) }),
    });
    expect(response.body.token).not.toBe(user.token);
  });

  test('an unknown username and a wrong password get the same 401', async () => {
    const user = await signedInAs('customer');
    const unknown = await call(
      api().post('/api/auth/login').send({ username: 'nobody-here', password: TEST_PASSWORD }),
    );
    const wrong = await call(
      api().post('/api/auth/login').send({ username: user.username, password: 'wrong-password' }),
    );
    expectProblem(unknown, 401, 'UNAUTHENTICATED');
    expectProblem(wrong, 401, 'UNAUTHENTICATED');
    const withoutRequestId = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'request_id'));
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
    expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
  });

  test('a missing field is a 400', async () => {
    expectProblem(
      await call(api().post('/api/auth/login').send({ username: 'x' })),
      400,
      'VALIDATION_FAILED',
    );
  });

  test('after 10 failures for a username, even the right password gets 429 with Retry-After', async () => {
    const user = await signedInAs('customer');
    for (let i = 0; i < 10; i++) {
      expectProblem(
        await call(
          api()
            .post('/api/auth/login')
            .send({ username: user.username, password: `wrong-${i}` }),
        ),
        401,
        'UNAUTHENTICATED',
      );
    }
    const limited = await call(
      api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }),
    );
    expectProblem(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  test('after 10 failures for one username, other usernames from the same address still log in', async () => {
    for (let i = 0; i < 10; i++) {
      await call(
        api()
          .post('/api/auth/login')
          .send({ username: 'guess-me', password: `wrong-${i}` }),
      );
    }
    expectProblem(
      await call(api().post('/api/auth/login').send({ username: 'guess-me', password: 'wrong-again' })),
      429,
      'RATE_LIMITED',
    );
    const user = await signedInAs('customer');
    expect(
      (await call(api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD })))
        .status,
    ).toBe(200);
  });

  test('a successful login clears the failures of its username at its address', async () => {
    const user = await signedInAs('customer');
    for (let i = 0; i < 3; i++) {
      await call(api().post('/api/auth/login').send({ username: user.username, password: 'wrong-password' }));
    }
    const success = await call(
      api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }),
    );
    expect(success.status).toBe(200);
    expect(await countRows('login_failure')).toBe(0);
  });
});

describe('tokens', () => {
  test('POST /api/auth/logout revokes the presented token only (204, then 401)', async () => {
    const user = await signedInAs('customer');
    const second = await call(
      api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }),
    );
    expect((await call(user.post('/api/auth/logout'))).status).toBe(204);
    expectProblem(await call(user.get('/api/auth/me')), 401, 'UNAUTHENTICATED');
    expect((await call(clientWithToken(second.body.token).get('/api/auth/me'))).status).toBe(200);
  });

  test('an account keeps at most 10 live tokens: the 11th login revokes the oldest, the other 10 still work', async () => {
    const user = await signedInAs('customer');
    expect((await call(user.post('/api/auth/logout'))).status).toBe(204);
    const logIn = async () => {
      const response = await call(
        api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }),
      );
      expect(response.status).toBe(200);
      return response.body.token as string;
    };
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) tokens.push(await logIn());
    expect((await call(clientWithToken(tokens[0]!).get('/api/auth/me'))).status).toBe(200);

    tokens.push(await logIn());
    const oldest = await call(clientWithToken(tokens[0]!).get('/api/auth/me'));
    expectProblem(oldest, 401, 'UNAUTHENTICATED');
    for (const token of tokens.slice(1)) {
      expect((await call(clientWithToken(token).get('/api/auth/me'))).status).toBe(200);
    }
    expect(await AuthToken.count({ where: { account_id: user.accountId, revoked_at: null } })).toBe(10);
  });

  test('the cap revokes the oldest token by creation time, even when its id is not the lowest', async () => {
    const user = await signedInAs('customer');
    const logIn = async () =>
      (await call(api().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD })))
        .body.token as string;
    for (let i = 0; i < 9; i++) await logIn();
    // Ids are not in time order on TiDB, where each server hands out its own range: the highest id is the oldest.
    const highest = await AuthToken.max<number, AuthToken>('id', { where: { account_id: user.accountId } });
    await AuthToken.update({ created_at: new Date(Date.now() - 3_600_000) }, { where: { id: highest } });

    const newest = await logIn();

    expect((await AuthToken.findByPk(highest))?.revoked_at).not.toBeNull();
    expect((await call(clientWithToken(newest).get('/api/auth/me'))).status).toBe(200);
    expect((await call(user.get('/api/auth/me'))).status).toBe(200);
    expect(await AuthToken.count({ where: { account_id: user.accountId, revoked_at: null } })).toBe(10);
  });

  test('an expired token is refused with 401', async () => {
    const user = await signedInAs('customer');
    await AuthToken.update(
      { expires_at: new Date(Date.now() - 1000) },
      { where: { account_id: user.accountId } },
    );
    const response = await call(user.get('/api/auth/me'));
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  test('a token that expired a fraction of a second ago is refused too (millisecond precision)', async () => {
    const user = await signedInAs('customer');
    // Set so that it expired 1 ms ago at the time of the request, in the same second as the request.
    await AuthToken.update(
      { expires_at: new Date(Date.now() - 1) },
      { where: { account_id: user.accountId } },
    );
    expectProblem(await call(user.get('/api/auth/me')), 401, 'UNAUTHENTICATED');
  });

  test.each([
    ['Bearer ecm_thisIsNotARealTokenButHasTheRightLength0123456789', 'unknown token'],
    ['Bearer ', 'empty token'],
    ['Basic YWRtaW46Y2hhbmdlLW1lLWFkbWlu', 'another scheme'],
    ['ecm_nobearerprefix', 'no scheme'],
  ])('%s (%s) is a 401, even on a public route', async (header) => {
    expectProblem(
      await call(api().get('/api/products').set('Authorization', header)),
      401,
      'UNAUTHENTICATED',
    );
  });

  test('a tampered token (one character changed) is a 401', async () => {
    const user = await signedInAs('customer');
    const last = user.token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `${user.token.slice(0, -1)}${last}`;
    expectProblem(await call(clientWithToken(tampered).get('/api/auth/me')), 401, 'UNAUTHENTICATED');
  });

  test('GET /api/auth/me without a token is a 401; with one it gives the account and the customer', async () => {
    expectProblem(await call(api().get('/api/auth/me')), 401, 'UNAUTHENTICATED');
    const user = await signedInAs('customer');
    const me = await call(user.get('/api/auth/me'));
    expect(me.body).toEqual({
      account: expect.objectContaining({ id: user.accountId, customer_id: user.customerId }),
      customer: expect.objectContaining({ id: user.customerId }),
    });
  });
});

describe('roles on the catalog', () => {
  const writes: Array<[string, string, Record<string, unknown>]> = [
    ['post', '/api/categories', { category_name: 'Hats' }],
    ['put', '/api/categories/1', { category_name: 'Hats' }],
    ['delete', '/api/categories/1', {}],
    ['post', '/api/products', { product_name: 'Hat', price: 5 }],
    ['put', '/api/products/1', { price: 5 }],
    ['delete', '/api/products/1', {}],
    ['post', '/api/tags', { tag_name: 'red' }],
    ['put', '/api/tags/1', { tag_name: 'red' }],
    ['delete', '/api/tags/1', {}],
  ];

  test.each(writes)('%s %s without a token is a 401', async (method, url, body) => {
    const response = await call(
      method === 'post'
        ? api().post(url).send(body)
        : method === 'put'
          ? api().put(url).send(body)
          : api().delete(url),
    );
    expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  test.each(writes)("%s %s with a customer's token is a 403", async (method, url, body) => {
    const customer = await signedInAs('customer');
    const response = await call(
      method === 'post'
        ? customer.post(url).send(body)
        : method === 'put'
          ? customer.put(url).send(body)
          : customer.delete(url),
    );
    expectProblem(response, 403, 'FORBIDDEN');
    expect(await countRows('category')).toBe(0);
    expect(await countRows('product')).toBe(0);
    expect(await countRows('tag')).toBe(0);
  });

  test('catalog reads stay public', async () => {
    for (const url of ['/api/categories', '/api/products', '/api/tags']) {
      expect((await call(api().get(url))).status).toBe(200);
    }
  });
});
