import { z } from 'zod';
import { endpoint } from '../../shared/endpoint';
import { timestamp } from '../../shared/openapi';
import { accountSchema, customerSchema } from '../customers';
import { loginBody, registerBody } from './auth.schemas';
import { login, logout, me, register } from './auth.service';

/** What registering and logging in answer: the token, and who it is for (the account and its customer). */
const sessionSchema = z
  .strictObject({
    token: z.string().openapi({
      description:
        'Send as "Authorization: Bearer <token>". An account keeps at most MAX_TOKENS_PER_ACCOUNT (default 10) live tokens: a new one revokes the oldest beyond that.',
      example: 'ecm_<43 random base64url characters>',
    }),
    expires_at: timestamp,
    account: accountSchema,
    customer: customerSchema,
  })
  .openapi('Session');

const tag = 'Auth';

export const authEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    tag,
    summary: 'Register a customer and its account, and log in',
    description:
      'Always role customer; a role field is a 400. The password must have 8 to 128 characters, not only spaces, differ from the username and not be a common password (400 otherwise).',
    access: 'public',
    body: registerBody,
    bodyExample: {
      name: 'Dana Lee',
      email: 'dana@example.com',
      phone_number: '+1 555-0100',
      username: 'dana',
      password: '<choose a password>',
    },
    success: {
      status: 201,
      description: 'The new token, account and customer',
      schema: sessionSchema,
      location: true,
    },
    errors: [409],
    handle: ({ body }) => register(body),
    location: (session) => `/api/accounts/${session.account.id}`,
  }),
  endpoint({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag,
    summary: 'Log in',
    description:
      'A wrong username and a wrong password get the same 401. Too many failures for a username or a client address get 429 with Retry-After.',
    access: 'public',
    body: loginBody,
    bodyExample: { username: 'admin', password: '<your password>' },
    success: { status: 200, description: 'A token, the account and its customer', schema: sessionSchema },
    errors: [401, 429],
    handle: ({ body, req }) => login(body, req.ip ?? 'unknown'),
  }),
  endpoint({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag,
    summary: 'Revoke the token of this request',
    access: 'customer',
    success: { status: 204, description: 'Revoked' },
    handle: ({ actor }) => logout(actor),
  }),
  endpoint({
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    tag,
    summary: 'The account and customer behind the token',
    access: 'customer',
    success: {
      status: 200,
      description: 'Who is calling',
      schema: z.strictObject({ account: accountSchema, customer: customerSchema }),
    },
    handle: ({ actor }) => me(actor),
  }),
];
