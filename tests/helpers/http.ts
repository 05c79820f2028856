import type { Response } from 'supertest';
import request from 'supertest';
import { createApp } from '../../src/app';

export const app = createApp();

/** One app per test file; supertest binds it to an ephemeral port per request. */
export const api = () => request(app);

/** Asserts that a response is an RFC 9457 problem with the given status and code, and returns its body. */
export function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(typeof response.body.detail).toBe('string');
  expect(response.body.request_id).toBe(response.headers['x-request-id']);
  return response.body as {
    detail: string;
    errors?: Array<{ pointer?: string; parameter?: string; detail: string }>;
  };
}
