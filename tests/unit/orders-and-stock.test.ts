import { AppError } from '../../src/shared/errors';
import { MAX_AMOUNT_CENTS, fromCents, toCents } from '../../src/shared/money';
import { mergeLines, priceLines } from '../../src/modules/orders/pricing';
import {
  ORDER_STATUSES,
  allowedTransitions,
  assertTransition,
  canCancel,
} from '../../src/modules/orders/order-status';
import type { OrderStatus } from '../../src/modules/orders/order-status';
import { planStockChange, stockStatus } from '../../src/modules/inventory/stock-rules';

/** Runs `fn` and returns what it threw, failing the test if it did not throw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('toCents / fromCents', () => {
  test.each([
    [14.99, 1499],
    [0.1, 10],
    [90, 9000],
    [0, 0],
  ])('%p dollars is %p cents and back', (dollars, cents) => {
    expect(toCents(dollars)).toBe(cents);
    expect(Number.isInteger(toCents(dollars))).toBe(true);
    expect(fromCents(toCents(dollars))).toBe(dollars);
  });

  test('a third decimal is rounded half up by Math.round: 12.345 becomes 1235 cents (12.35)', () => {
    // 12.345 * 100 is 1234.5 in binary floating point, and Math.round(1234.5) is 1235.
    expect(toCents(12.345)).toBe(1235);
    expect(fromCents(toCents(12.345))).toBe(12.35);
  });

  test('rounds the float error of the multiplication, not the decimal value: 1.005 becomes 100 cents', () => {
    // 1.005 * 100 is 100.49999999999999, so Math.round gives 100.
    expect(toCents(1.005)).toBe(100);
  });

  test('the largest DECIMAL(10,2) amount converts exactly', () => {
    expect(MAX_AMOUNT_CENTS).toBe(9_999_999_999);
    expect(fromCents(MAX_AMOUNT_CENTS)).toBe(99_999_999.99);
    expect(toCents(99_999_999.99)).toBe(MAX_AMOUNT_CENTS);
  });
});

describe('priceLines', () => {
  test('3 x 0.10 + 1 x 0.20 is exactly 50 cents, computed in integer cents', () => {
    const priced = priceLines([
      { quantity: 3, unitPriceCents: toCents(0.1) },
      { quantity: 1, unitPriceCents: toCents(0.2) },
    ]);
    expect(priced.lines.map((line) => line.lineTotalCents)).toEqual([30, 20]);
    expect(priced.totalCents).toBe(50);
    expect(fromCents(priced.totalCents)).toBe(0.5);
  });

  test('has no float drift where dollar arithmetic has it: 0.10 + 0.20 is 30 cents, though 0.1 + 0.2 !== 0.3', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const priced = priceLines([
      { quantity: 1, unitPriceCents: toCents(0.1) },
      { quantity: 1, unitPriceCents: toCents(0.2) },
    ]);
    expect(priced.totalCents).toBe(30);
    expect(fromCents(priced.totalCents)).toBe(0.3);
  });

  test('ten lines of 0.10 total exactly 100 cents, where summing dollars drifts', () => {
    const dollars = Array.from({ length: 10 }, () => 0.1).reduce((sum, price) => sum + price, 0);
    expect(dollars).not.toBe(1);
    const priced = priceLines(Array.from({ length: 10 }, () => ({ quantity: 1, unitPriceCents: 10 })));
    expect(priced.totalCents).toBe(100);
  });

  test('the total is the sum of the line totals, each quantity x unit price', () => {
    const lines = [
      { quantity: 2, unitPriceCents: 1499 },
      { quantity: 7, unitPriceCents: 333 },
      { quantity: 1, unitPriceCents: 1 },
    ];
    const priced = priceLines(lines);
    const lineTotals = priced.lines.map((line) => line.lineTotalCents);
    expect(lineTotals).toEqual([2998, 2331, 1]);
    expect(priced.totalCents).toBe(lineTotals.reduce((sum, cents) => sum + cents, 0));
    expect(priced.totalCents).toBe(5330);
    for (const cents of lineTotals) expect(Number.isInteger(cents)).toBe(true);
    expect(priced.lines[0]).toMatchObject(lines[0]!);
  });

  test('no lines total zero', () => {
    expect(priceLines([])).toEqual({ lines: [], totalCents: 0 });
  });

  test('a total of exactly 9,999,999,999 cents is accepted', () => {
    expect(priceLines([{ quantity: 1, unitPriceCents: MAX_AMOUNT_CENTS }]).totalCents).toBe(9_999_999_999);
  });

  test('a total above 9,999,999,999 cents throws VALIDATION_FAILED pointing at the items', () => {
    const error = thrownBy(() =>
      priceLines([
        { quantity: 1, unitPriceCents: MAX_AMOUNT_CENTS },
        { quantity: 1, unitPriceCents: 1 },
      ]),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '#/items', detail: expect.any(String) }],
    });
  });

  test('a single line whose quantity x price overflows the limit is refused', () => {
    expect(() => priceLines([{ quantity: 1000, unitPriceCents: 10_000_000 }])).toThrow(AppError);
  });
});

describe('mergeLines', () => {
  test('sums the quantities of the same product and keeps its first index', () => {
    expect(
      mergeLines([
        { product_id: 7, quantity: 2 },
        { product_id: 7, quantity: 3 },
      ]),
    ).toEqual([{ product_id: 7, quantity: 5, firstIndex: 0 }]);
  });

  test('keeps products in the order of their first appearance', () => {
    expect(
      mergeLines([
        { product_id: 3, quantity: 1 },
        { product_id: 1, quantity: 2 },
        { product_id: 3, quantity: 4 },
        { product_id: 2, quantity: 1 },
        { product_id: 1, quantity: 1 },
      ]),
    ).toEqual([
      { product_id: 3, quantity: 5, firstIndex: 0 },
      { product_id: 1, quantity: 3, firstIndex: 1 },
      { product_id: 2, quantity: 1, firstIndex: 3 },
    ]);
  });

  test('distinct products pass through unchanged with their own index', () => {
    expect(
      mergeLines([
        { product_id: 10, quantity: 1 },
        { product_id: 20, quantity: 2 },
      ]),
    ).toEqual([
      { product_id: 10, quantity: 1, firstIndex: 0 },
      { product_id: 20, quantity: 2, firstIndex: 1 },
    ]);
  });

  test('does not modify its input', () => {
    const items = [
      { product_id: 1, quantity: 1 },
      { product_id: 1, quantity: 1 },
    ];
    mergeLines(items);
    expect(items).toEqual([
      { product_id: 1, quantity: 1 },
      { product_id: 1, quantity: 1 },
    ]);
  });

  test('no items merge to no lines', () => {
    expect(mergeLines([])).toEqual([]);
  });
});

describe('order status', () => {
  const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
    pending: ['paid', 'cancelled'],
    paid: ['shipped', 'cancelled'],
    shipped: ['delivered'],
    delivered: [],
    cancelled: [],
  };

  test('the statuses are pending, paid, shipped, delivered and cancelled', () => {
    expect([...ORDER_STATUSES]).toEqual(['pending', 'paid', 'shipped', 'delivered', 'cancelled']);
  });

  test.each(Object.entries(ALLOWED))('allowedTransitions(%s) is %j', (status, expected) => {
    expect(allowedTransitions(status as OrderStatus)).toEqual(expected);
  });

  test('allowedTransitions returns a copy that callers cannot use to change the rules', () => {
    allowedTransitions('pending').push('delivered');
    expect(allowedTransitions('pending')).toEqual(['paid', 'cancelled']);
  });

  const pairs = ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.map((to): [OrderStatus, OrderStatus] => [from, to]),
  );

  test('there are 25 pairs of statuses, of which exactly 5 are allowed', () => {
    expect(pairs).toHaveLength(25);
    const passing = pairs.filter(([from, to]) => {
      try {
        assertTransition(from, to);
        return true;
      } catch {
        return false;
      }
    });
    expect(passing).toEqual([
      ['pending', 'paid'],
      ['pending', 'cancelled'],
      ['paid', 'shipped'],
      ['paid', 'cancelled'],
      ['shipped', 'delivered'],
    ]);
  });

  test.each(pairs)('assertTransition(%s -> %s) passes only when allowed', (from, to) => {
    if (ALLOWED[from].includes(to)) {
      expect(() => {
        assertTransition(from, to);
      }).not.toThrow();
    } else {
      const error = thrownBy(() => {
        assertTransition(from, to);
      });
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
  });

  test('the message of a final status says it can no longer change', () => {
    expect(() => {
      assertTransition('delivered', 'pending');
    }).toThrow('The order is delivered; its status can no longer change');
  });

  test('the message of a forbidden move names the allowed ones', () => {
    expect(() => {
      assertTransition('pending', 'shipped');
    }).toThrow('An order that is pending can move to paid or cancelled, not shipped');
  });

  test.each([
    ['pending', true],
    ['paid', true],
    ['shipped', false],
    ['delivered', false],
    ['cancelled', false],
  ] as const)('canCancel(%s) is %s', (status, expected) => {
    expect(canCancel(status)).toBe(expected);
  });
});

describe('stockStatus', () => {
  test.each([
    [0, 5, 'out_of_stock'],
    [-1, 5, 'out_of_stock'],
    [0, 0, 'out_of_stock'],
    [1, 5, 'low_stock'],
    [4, 5, 'low_stock'],
    [5, 5, 'low_stock'],
    [6, 5, 'in_stock'],
    [1, 0, 'in_stock'],
    [100, 5, 'in_stock'],
  ] as const)('stock %i with threshold %i is %s', (stock, threshold, expected) => {
    expect(stockStatus(stock, threshold)).toBe(expected);
  });
});

describe('planStockChange', () => {
  const product = (stock: number, low_stock_threshold = 5, restock_quantity = 0) => ({
    stock,
    low_stock_threshold,
    restock_quantity,
  });

  test('returns null when the change would take stock below zero', () => {
    expect(planStockChange(product(3), -4, 'order')).toBeNull();
    expect(planStockChange(product(0, 5, 20), -1, 'adjustment')).toBeNull();
  });

  test('taking stock exactly to zero is allowed', () => {
    expect(planStockChange(product(3), -3, 'order')).toEqual({
      movements: [{ delta: -3, reason: 'order', stock_after: 0 }],
      finalStock: 0,
    });
  });

  test('one movement when the result stays above the threshold', () => {
    expect(planStockChange(product(10, 5, 20), -4, 'adjustment')).toEqual({
      movements: [{ delta: -4, reason: 'adjustment', stock_after: 6 }],
      finalStock: 6,
    });
  });

  test('adds an auto_restock movement when the result falls below the threshold', () => {
    expect(planStockChange(product(10, 5, 20), -6, 'adjustment')).toEqual({
      movements: [
        { delta: -6, reason: 'adjustment', stock_after: 4 },
        { delta: 20, reason: 'auto_restock', stock_after: 24 },
      ],
      finalStock: 24,
    });
  });

  test('the threshold check is "at or below": landing on the threshold restocks', () => {
    expect(planStockChange(product(10, 5, 20), -5, 'order')).toEqual({
      movements: [
        { delta: -5, reason: 'order', stock_after: 5 },
        { delta: 20, reason: 'auto_restock', stock_after: 25 },
      ],
      finalStock: 25,
    });
  });

  test('no auto_restock when restock_quantity is 0, even at zero stock', () => {
    expect(planStockChange(product(10, 5, 0), -10, 'order')).toEqual({
      movements: [{ delta: -10, reason: 'order', stock_after: 0 }],
      finalStock: 0,
    });
  });

  test('restocks only once, even when the restock leaves stock still at or below the threshold', () => {
    const plan = planStockChange(product(10, 50, 5), -8, 'order');
    expect(plan?.movements.filter((movement) => movement.reason === 'auto_restock')).toHaveLength(1);
    expect(plan?.finalStock).toBe(7);
  });

  test('an initial stock below the threshold plans initial then auto_restock', () => {
    expect(planStockChange(product(0, 5, 10), 2, 'initial')).toEqual({
      movements: [
        { delta: 2, reason: 'initial', stock_after: 2 },
        { delta: 10, reason: 'auto_restock', stock_after: 12 },
      ],
      finalStock: 12,
    });
  });

  test('a positive change that still leaves stock at or below the threshold also restocks', () => {
    expect(planStockChange(product(1, 5, 10), 1, 'cancel')?.finalStock).toBe(12);
  });

  test('the final stock is the starting stock plus the sum of the planned deltas', () => {
    for (const [stock, delta, threshold, restock] of [
      [10, -6, 5, 20],
      [10, -4, 5, 20],
      [0, 3, 5, 0],
      [7, 0, 7, 3],
    ] as const) {
      const plan = planStockChange(product(stock, threshold, restock), delta, 'adjustment');
      expect(plan).not.toBeNull();
      const sum = plan!.movements.reduce((total, movement) => total + movement.delta, 0);
      expect(stock + sum).toBe(plan!.finalStock);
      expect(plan!.movements.at(-1)?.stock_after).toBe(plan!.finalStock);
    }
  });

  test('does not modify the product it is given', () => {
    const settings = product(10, 5, 20);
    planStockChange(settings, -6, 'adjustment');
    expect(settings).toEqual({ stock: 10, low_stock_threshold: 5, restock_quantity: 20 });
  });
});
