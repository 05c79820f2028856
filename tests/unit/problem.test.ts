import { ConnectionRefusedError, ForeignKeyConstraintError, UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import { AppError } from '../../src/shared/errors';
import { problemType, toProblem } from '../../src/shared/problem';

const mysqlError = (errno: number, message: string) =>
  Object.assign(new Error(message), { errno, sql: 'SELECT secret' });

describe('toProblem', () => {
  test('maps an AppError by its code, keeping its field errors and headers', () => {
    const result = toProblem(
      new AppError('RATE_LIMITED', 'slow down', [{ parameter: 'x', detail: 'y' }], { 'Retry-After': '3' }),
      'req-1',
    );
    expect(result).toEqual({
      status: 429,
      headers: { 'Retry-After': '3' },
      unexpected: false,
      body: {
        type: '/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: 'slow down',
        code: 'RATE_LIMITED',
        request_id: 'req-1',
        errors: [{ parameter: 'x', detail: 'y' }],
      },
    });
  });

  test('maps a ZodError to a 400 with JSON pointers', () => {
    const parsed = z
      .strictObject({ items: z.array(z.object({ quantity: z.number() })) })
      .safeParse({ items: [{ quantity: 'a' }] });
    expect(parsed.success).toBe(false);
    const { status, body } = toProblem(parsed.error, 'r');
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual([{ pointer: '#/items/0/quantity', detail: expect.any(String) }]);
  });

  test('maps a unique violation to a 409 naming the field', () => {
    const error = new UniqueConstraintError({ fields: { category_name: 'Hats' } });
    const { status, body } = toProblem(error, 'r');
    expect(status).toBe(409);
    expect(body.errors).toEqual([{ pointer: '#/category_name', detail: 'is already taken' }]);
  });

  test('maps a foreign-key error to 409 when the row is still referenced and 422 when the referenced row is missing', () => {
    const referenced = new ForeignKeyConstraintError({
      parent: mysqlError(1451, 'Cannot delete or update a parent row'),
    });
    const missing = new ForeignKeyConstraintError({
      parent: mysqlError(1452, 'Cannot add or update a child row'),
    });
    expect(toProblem(referenced, 'r').status).toBe(409);
    expect(toProblem(missing, 'r').status).toBe(422);
  });

  test('maps a lost database connection to a 503 with Retry-After', () => {
    const result = toProblem(
      new ConnectionRefusedError(mysqlError(0, 'connect ECONNREFUSED 127.0.0.1:3306')),
      'r',
    );
    expect(result.status).toBe(503);
    expect(result.headers['Retry-After']).toBeDefined();
    expect(result.body.detail).not.toContain('127.0.0.1');
  });

  test('maps a connection that mysql2 lost (fatal, PROTOCOL_CONNECTION_LOST) to a 503', () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    expect(toProblem(lost, 'r').status).toBe(503);
    expect(
      toProblem(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'r').status,
    ).toBe(503);
  });

  test.each([
    ['entity.parse.failed', 400, 'MALFORMED_JSON'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('maps body-parser error %s to %i', (type, status, code) => {
    const error = Object.assign(new Error('Unexpected token } in JSON at position 7'), { type, status: 400 });
    const result = toProblem(error, 'r');
    expect(result.status).toBe(status);
    expect(result.body.code).toBe(code);
    expect(result.body.detail).not.toContain('position');
  });

  test('maps anything else to a generic 500 that leaks nothing, flagged as unexpected', () => {
    const error = mysqlError(1064, "You have an error in your SQL syntax near 'password_hash'");
    const result = toProblem(error, 'r');
    expect(result.status).toBe(500);
    expect(result.unexpected).toBe(true);
    expect(JSON.stringify(result.body)).not.toMatch(/SQL|password|stack|SELECT/);
  });

  test('problem types are stable kebab-case paths', () => {
    expect(problemType('INSUFFICIENT_STOCK')).toBe('/problems/insufficient-stock');
  });
});
