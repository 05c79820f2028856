import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import type { z } from 'zod';
import { customerSeeds } from '../../seeds/customer-seeds';
import { parseConfig } from '../../src/config/env';
import { adminUpdateAccountBody, createAccountBody } from '../../src/modules/customers/account.schemas';
import { loginBody, registerBody } from '../../src/modules/auth/auth.schemas';
import { getOpenApiDocument } from '../../src/openapi';
import { useTestDatabase } from '../helpers/database';
import { api } from '../helpers/http';

useTestDatabase();

const envExample = dotenv.parse(readFileSync(path.resolve(__dirname, '../../.env.example')));

describe('GET /openapi.json', () => {
  test('carries no real secret: no seeded or default password, no password hash, no real-looking token', async () => {
    const response = await api().get('/openapi.json');
    expect(response.status).toBe(200);
    const served = response.text;
    const passwords = [
      ...customerSeeds.map(({ account }) => account.password),
      parseConfig({}).admin.password,
      envExample.ADMIN_PASSWORD ?? '',
    ].filter((password) => password !== '');
    expect(passwords.length).toBeGreaterThanOrEqual(4);
    for (const password of passwords) expect(served).not.toContain(password);
    expect(served).not.toMatch(/scrypt\$/);
    expect(served).not.toMatch(/ecm_[A-Za-z0-9_-]{16,}/);
  });

  test('the examples of bodies that carry a password are accepted by the schemas that validate them', () => {
    const document = getOpenApiDocument();
    const exampleOf = (route: string, method: 'post' | 'put' | 'delete'): unknown =>
      (document.paths?.[route]?.[method]?.requestBody as { content: Record<string, { example?: unknown }> })
        .content['application/json']?.example;
    const cases: Array<[string, 'post' | 'put', z.ZodType]> = [
      ['/api/auth/register', 'post', registerBody],
      ['/api/auth/login', 'post', loginBody],
      ['/api/accounts', 'post', createAccountBody],
      ['/api/accounts/{id}', 'put', adminUpdateAccountBody],
    ];
    for (const [route, method, schema] of cases) {
      const example = exampleOf(route, method);
      expect(example).toBeDefined();
      expect(schema.safeParse(example).error?.issues).toBeUndefined();
    }
    expect(exampleOf('/api/accounts/{id}', 'delete')).toEqual({ current_password: expect.any(String) });
  });
});
