import { Writable } from 'node:stream';
import pino from 'pino';
import { DatabaseError, UniqueConstraintError, ValidationErrorItem } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { Account } from '../helpers/models';
import { redactUrl } from '../../src/shared/http';
import { isoTimestamp, scrubQuotedLiterals, serializeError } from '../../src/shared/logger';

// Binds the models (building an Account needs them bound; nothing connects).
beforeAll(() => {
  getSequelize();
});
afterAll(async () => {
  await getSequelize().close();
});

const HASH = 'scrypt$16384$8$5$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const EMAIL = 'jo@example.test';

/** A mysql2 error as the driver builds it: the statement and its values ride along. */
const driverError = (message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), {
    sql: 'INSERT INTO `account` (`username`,`password_hash`) VALUES (?,?)',
    parameters: ['jo', HASH],
    sqlMessage: message,
    ...fields,
  });

/** The JSON line pino writes for `{ err }` with the serializer installed. */
function logLine(err: unknown): string {
  let line = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      line += chunk.toString();
      done();
    },
  });
  pino({ serializers: { err: serializeError } }, sink).error({ err }, 'failed');
  return line;
}

describe('serializeError', () => {
  test('when a DatabaseError carries sql and parameters holding a hash, logs neither, nor its parent', () => {
    const error = new DatabaseError(
      driverError('Connection lost: The server closed the connection.', {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
    );
    const line = logLine(error);
    expect(line).not.toContain('scrypt$');
    expect(line).not.toMatch(/INSERT|parameters|"sql"|sqlMessage|original|parent/);
    expect(JSON.parse(line).err).toEqual({
      type: 'DatabaseError',
      name: 'SequelizeDatabaseError',
      message: 'Connection lost: The server closed the connection.',
      stack: expect.any(String),
      cause: {
        type: 'Error',
        message: 'Connection lost: The server closed the connection.',
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
        stack: expect.any(String),
      },
    });
  });

  test('when a UniqueConstraintError carries the duplicate value in its message, fields and items, logs only the shape', () => {
    const message = `Duplicate entry '${EMAIL}' for key 'customer.email'`;
    const parent = driverError(message, { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' });
    const error = new UniqueConstraintError({
      parent,
      original: parent,
      fields: { email: EMAIL },
      // Sequelize hands each item the whole row, password hash included.
      errors: [
        new ValidationErrorItem(
          'email must be unique',
          'unique violation',
          'email',
          EMAIL,
          Account.build({ customer_id: 1, username: 'jo', password_hash: HASH, role: 'customer' }),
          'not_unique',
          'unique',
          [],
        ),
      ],
      message,
    });
    const line = logLine(error);
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain('scrypt$');
    const { err } = JSON.parse(line);
    expect(err.message).toBe("Duplicate entry '?' for key '?'");
    expect(err.stack).not.toContain(EMAIL);
    expect(err.cause).toMatchObject({ code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' });
  });

  test('when the database error is the cause of another error, scrubs the messages of the whole chain', () => {
    const wrapped = new Error(`read failed: Duplicate entry '${EMAIL}'`, {
      cause: driverError(`Duplicate entry '${EMAIL}' for key 'email'`, { errno: 1062 }),
    });
    const line = logLine(wrapped);
    expect(line).not.toContain(EMAIL);
    expect(JSON.parse(line).err.cause.errno).toBe(1062);
  });

  test('when an error has nothing to do with the database, keeps its message as it is', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(serializeError(error)).toMatchObject({ type: 'TypeError', message: error.message });
  });

  test('when the value thrown is not an Error, keeps a primitive and hides what an object holds', () => {
    expect(serializeError('timeout')).toBe('timeout');
    expect(JSON.stringify(serializeError({ sql: 'SELECT', parameters: [HASH] }))).not.toContain('scrypt$');
  });

  test('when errors wrap each other in a cycle, stops', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(logLine(a)).toContain('"message":"b"');
  });
});

describe('scrubQuotedLiterals', () => {
  test.each([
    ["Duplicate entry 'x@y' for key 'email'", "Duplicate entry '?' for key '?'"],
    ["Duplicate entry 'O'Brien' for key 'name'", "Duplicate entry '?' for key '?'"],
    [
      'Incorrect integer value: "abc" for column `stock` at row 1',
      "Incorrect integer value: '?' for column `stock` at row 1",
    ],
    ["Data too long for column 'product_name' at row 1", "Data too long for column '?' at row 1"],
    [
      "Can't add new command when connection is in closed state",
      "Can't add new command when connection is in closed state",
    ],
  ])('%s -> %s', (message, scrubbed) => {
    expect(scrubQuotedLiterals(message)).toBe(scrubbed);
  });
});

describe('redactUrl', () => {
  test.each([
    ['/api/auth/me?access_token=ecm_abc&page=2', '/api/auth/me?access_token=[redacted]&page=2'],
    [
      '/x?PASSWORD=p&api_key=k&Session=s&sig=1&signature=z&code=c&client_secret=q&Authorization=a',
      '/x?PASSWORD=[redacted]&api_key=[redacted]&Session=[redacted]&sig=1&signature=[redacted]&code=[redacted]&client_secret=[redacted]&Authorization=[redacted]',
    ],
    ['/x?acc%65ss_t%6Fken=t&q=hat', '/x?acc%65ss_t%6Fken=[redacted]&q=hat'],
    ['http://evil.example/api/products?token=t', 'http://evil.example/api/products?token=[redacted]'],
    ['/api/products?page=1&per_page=20&q=token', '/api/products?page=1&per_page=20&q=token'],
    ['/api/products?token&%E0%A4%A=1', '/api/products?token&%E0%A4%A=1'],
    ['/api/products', '/api/products'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('isoTimestamp', () => {
  test("writes what pino's isoTime writes, across seconds, minutes, days and back in time", () => {
    const base = Date.UTC(2026, 10, 30, 23, 59, 58, 0);
    const times = [
      0, 5, 42, 999, 1000, 1001, 1999, 2000, 2007, 86_400_123, 3, 500, -1000, -999, 1_000_000_000,
    ];
    for (const offset of times) {
      expect(isoTimestamp(base + offset)).toBe(`,"time":"${new Date(base + offset).toISOString()}"`);
    }
    const now = isoTimestamp();
    expect(JSON.parse(`{${now.slice(1)}}`)).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });
  });
});
