import { z } from 'zod';
import { isDeadlock } from '../../src/database/errors';
import { moneyNumber, zodIssuesToFieldErrors } from '../../src/shared/validation';

describe('zodIssuesToFieldErrors', () => {
  const schema = z.strictObject({
    items: z.array(z.strictObject({ quantity: z.number() })),
    'a/b': z.string().optional(),
  });

  test('body errors carry RFC 6901 pointers, one per unknown key', () => {
    const result = schema.safeParse({
      items: [{ quantity: 1 }, { quantity: 'x', extra: 1 }],
      'a/b': 5,
      other: true,
    });
    expect(result.success).toBe(false);
    expect(zodIssuesToFieldErrors(result.error!.issues)).toEqual(
      expect.arrayContaining([
        { pointer: '#/items/1/quantity', detail: expect.any(String) },
        { pointer: '#/items/1/extra', detail: 'unknown field' },
        { pointer: '#/a~1b', detail: expect.any(String) },
        { pointer: '#/other', detail: 'unknown field' },
      ]),
    );
  });

  test('query errors name the parameter', () => {
    const result = z.strictObject({ page: z.string() }).safeParse({ page: 1, foo: 'x' });
    expect(zodIssuesToFieldErrors(result.error!.issues, 'query')).toEqual([
      { parameter: 'page', detail: expect.any(String) },
      { parameter: 'foo', detail: 'unknown parameter' },
    ]);
  });
});

describe('moneyNumber', () => {
  test.each([0, 0.1, 14.99, 90, 99999999.99])('accepts %p', (value) => {
    expect(moneyNumber.safeParse(value).success).toBe(true);
  });
  test.each([-0.01, 14.999, 100000000, Number.NaN, Infinity, '14.999', '', ' 14.99', '1e3', '$14.99', 'abc'])(
    'rejects %p',
    (value) => {
      expect(moneyNumber.safeParse(value).success).toBe(false);
    },
  );
  test.each([
    ['14.99', 14.99],
    ['3', 3],
    ['0', 0],
    ['0.5', 0.5],
  ])('reads the numeric string %p as %p, under the same rules as the number', (value, expected) => {
    expect(moneyNumber.parse(value)).toBe(expected);
  });
});

describe('isDeadlock', () => {
  const wrap = (errno: number) =>
    Object.assign(new Error('wrapped'), { parent: Object.assign(new Error('inner'), { errno }) });
  test('only a deadlock is retried; a lock wait timeout goes to the client as a 503 at once', () => {
    expect(isDeadlock(wrap(1213))).toBe(true);
    expect(isDeadlock(wrap(1205))).toBe(false);
    expect(isDeadlock(wrap(1062))).toBe(false);
    expect(isDeadlock(new Error('plain'))).toBe(false);
  });
});
