import type { Test } from 'supertest';
import { Account, Customer } from './models';
import type { Role } from '../../src/shared/auth-context';
import { hashPassword, issueToken } from '../../src/modules/customers';
import { checkedRequest } from './http';

export const TEST_PASSWORD = 'correct-horse-battery';

// Hashing is slow on purpose; one hash serves every test account of this file.
let passwordHash: Promise<string> | undefined;
let sequence = 0;

export interface SignedIn {
  token: string;
  accountId: number;
  customerId: number;
  username: string;
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

/** A client that sends its own bearer token on every request. */
export function clientWithToken(token: string): Pick<SignedIn, 'get' | 'post' | 'put' | 'patch' | 'delete'> {
  return {
    get: (url) => checkedRequest('get', url, token),
    post: (url) => checkedRequest('post', url, token),
    put: (url) => checkedRequest('put', url, token),
    patch: (url) => checkedRequest('patch', url, token),
    delete: (url) => checkedRequest('delete', url, token),
  };
}

/** Creates a customer with an account of the given role (password TEST_PASSWORD) and a live token. */
export async function signedInAs(role: Role, overrides: { username?: string } = {}): Promise<SignedIn> {
  const n = `${process.env.JEST_WORKER_ID ?? '1'}x${++sequence}`;
  const customer = await Customer.create({ name: `${role} ${n}`, email: `${role}${n}@example.test` });
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const account = await Account.create({
    customer_id: customer.id,
    username: overrides.username ?? `${role}${n}`,
    password_hash: await passwordHash,
    role,
  });
  const { token } = await issueToken(account.id);
  return {
    token,
    accountId: account.id,
    customerId: customer.id,
    username: account.username,
    ...clientWithToken(token),
  };
}
