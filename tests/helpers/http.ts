import type { Response, Test } from 'supertest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { assertMatchesContract } from './contract';

export const app = createApp();

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/**
 * A request whose response is checked against the OpenAPI document when it arrives: a documented status and a
 * body matching that status's schema. Every test that goes through these helpers checks the contract for free.
 */
export function checkedRequest(method: Method, url: string, token?: string, target: Express = app): Test {
  const test = request(target)[method](url);
  if (token !== undefined) test.set('Authorization', `Bearer ${token}`);
  return test.expect((response: Response) => {
    assertMatchesContract(method, url, response);
  });
}

/**
 * An anonymous client of `target` (an app built with other createApp options, such as another search mode);
 * supertest binds the app to an ephemeral port per request.
 */
export const apiOf = (target: Express) => ({
  get: (url: string) => checkedRequest('get', url, undefined, target),
  post: (url: string) => checkedRequest('post', url, undefined, target),
  put: (url: string) => checkedRequest('put', url, undefined, target),
  patch: (url: string) => checkedRequest('patch', url, undefined, target),
  delete: (url: string) => checkedRequest('delete', url, undefined, target),
  options: (url: string) => checkedRequest('options', url, undefined, target),
});

/** An anonymous client of the app as the environment configures it. */
export const api = () => apiOf(app);

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
