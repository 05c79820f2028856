import {
  ConnectionRefusedError,
  DatabaseError,
  ForeignKeyConstraintError,
  UniqueConstraintError,
} from 'sequelize';
import { z } from 'zod';
import { AppError } from '../../src/shared/errors';
import type { FieldError } from '../../src/shared/errors';
import { problemType, toProblem } from '../../src/shared/problem';

const mysqlError = (errno: number, message: string) =>
  Object.assign(new Error(message), { errno, sql: 'SELECT secret' });

describe('toProblem', () => {
  test('maps an AppError by its code, keeping its field errors, and its retry time as Retry-After', () => {
    const result = toProblem(
      new AppError('RATE_LIMITED', 'slow down', [{ parameter: 'x', detail: 'y' }], 3),
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

  // What mysql2 reports when the connection dies under a statement, as Sequelize's Query wraps it (DatabaseError
  // with parent/original) and as the fast read path (selectRows) throws it bare.
  const lostConnections: Array<[string, () => Error]> = [
    [
      'PROTOCOL_CONNECTION_LOST',
      () =>
        Object.assign(new Error('Connection lost: The server closed the connection.'), {
          code: 'PROTOCOL_CONNECTION_LOST',
          fatal: true,
        }),
    ],
    [
      'errno 2013',
      () =>
        Object.assign(new Error('Lost connection to server during query'), {
          errno: 2013,
          code: 'CR_SERVER_LOST',
        }),
    ],
    ['errno 2006', () => Object.assign(new Error('MySQL server has gone away'), { errno: 2006 })],
    [
      'errno 1927',
      () => Object.assign(new Error('Connection was killed'), { errno: 1927, code: 'ER_CONNECTION_KILLED' }),
    ],
    ['ECONNRESET', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104 })],
    ['EPIPE', () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 })],
    [
      'a fatal error',
      () =>
        Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }),
    ],
  ];
  const inAStatement = (parent: Error) =>
    new DatabaseError(
      Object.assign(parent, {
        sql: 'UPDATE `account` SET `password_hash`=? WHERE `id` = ?',
        parameters: ['scrypt$16384$8$5$salt$hash', 7],
      }),
    );

  test.each(lostConnections)(
    'when a connection is lost mid-statement (%s) and Sequelize wraps it, responds 503 DATABASE_UNAVAILABLE with Retry-After',
    (_name, lost) => {
      const result = toProblem(inAStatement(lost()), 'r');
      expect(result).toMatchObject({ status: 503, unexpected: false, headers: { 'Retry-After': '5' } });
      expect(result.body.code).toBe('DATABASE_UNAVAILABLE');
    },
  );

  test.each(lostConnections)(
    'when a connection is lost (%s) on the fast read path, bare or as the cause of another error, responds 503 DATABASE_UNAVAILABLE',
    (_name, lost) => {
      expect(toProblem(lost(), 'r').body.code).toBe('DATABASE_UNAVAILABLE');
      expect(toProblem(new Error('read failed', { cause: lost() }), 'r').body.code).toBe(
        'DATABASE_UNAVAILABLE',
      );
    },
  );

  test.each([
    [1205, 'Lock wait timeout exceeded; try restarting transaction'],
    [1969, 'Query execution was interrupted (max_statement_time exceeded)'],
    [3024, 'Query execution was interrupted, maximum statement execution time exceeded'],
  ])(
    'when the database gives up waiting (errno %i), responds 503 DATABASE_BUSY with Retry-After 2, bare or wrapped',
    (errno, message) => {
      for (const error of [mysqlError(errno, message), inAStatement(mysqlError(errno, message))]) {
        const result = toProblem(error, 'r');
        expect(result).toMatchObject({ status: 503, unexpected: false, headers: { 'Retry-After': '2' } });
        expect(result.body.code).toBe('DATABASE_BUSY');
        expect(result.body.detail).toMatch(/busy; try again shortly/);
        expect(JSON.stringify(result.body)).not.toMatch(/statement|Lock wait|scrypt/);
      }
    },
  );

  test('when a wrapped database error is neither a lost connection nor a timeout, still responds 500', () => {
    const result = toProblem(inAStatement(mysqlError(1064, 'You have an error in your SQL syntax')), 'r');
    expect(result.status).toBe(500);
    expect(result.unexpected).toBe(true);
  });

  test('when there are more than 20 field errors, responds with the first 20 and the count of the rest', () => {
    const many: FieldError[] = Array.from({ length: 5000 }, (_, i) => ({
      pointer: `#/k${i}`,
      detail: 'unknown field',
    }));
    const { body } = toProblem(new AppError('VALIDATION_FAILED', 'bad', many), 'r');
    expect(body.errors).toEqual(many.slice(0, 20));
    expect(body.errors_omitted).toBe(4980);

    const twenty = toProblem(new AppError('VALIDATION_FAILED', 'bad', many.slice(0, 20)), 'r').body;
    expect(twenty.errors).toHaveLength(20);
    expect(twenty).not.toHaveProperty('errors_omitted');
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
