import {
  allocateByLargestRemainder,
  bestSalePrice,
  couponDiscountCents,
  reducedPriceCents,
} from '../../src/modules/offers/offer-math';

const percent = (percent_off: number) => ({ percent_off, amount_off_cents: null });
const amount = (amount_off_cents: number) => ({ percent_off: null, amount_off_cents });

describe('reducedPriceCents', () => {
  test('rounds the sale price half up to the cent', () => {
    expect(reducedPriceCents(1005, percent(15))).toBe(854); // 8.5425
    expect(reducedPriceCents(5, percent(50))).toBe(3); // 0.025
    expect(reducedPriceCents(1999, percent(90))).toBe(200); // 1.999
  });

  test('never goes below one cent', () => {
    expect(reducedPriceCents(400, amount(500))).toBe(1);
    expect(reducedPriceCents(1, percent(90))).toBe(1);
  });
});

describe('bestSalePrice', () => {
  const ends = (iso: string) => new Date(iso);
  test('picks the lowest price, and of equal prices the sale that lasts longest; null without sales', () => {
    expect(bestSalePrice(2000, [])).toBeNull();
    expect(
      bestSalePrice(2000, [
        { ...percent(10), ends_at: ends('2026-12-01T00:00:00Z') },
        { ...amount(500), ends_at: ends('2026-12-02T00:00:00Z') },
        { ...percent(25), ends_at: ends('2026-12-03T00:00:00Z') },
      ]),
    ).toEqual({ priceCents: 1500, endsAt: ends('2026-12-03T00:00:00Z') });
  });
});

describe('couponDiscountCents', () => {
  test('a percentage rounds half up; an amount is capped at what the lines cost', () => {
    expect(couponDiscountCents(1005, percent(10))).toBe(101); // 100.5
    expect(couponDiscountCents(1000, amount(2500))).toBe(1000);
    expect(couponDiscountCents(1000, percent(100))).toBe(1000);
  });
});

describe('allocateByLargestRemainder', () => {
  test('shares add up to the discount exactly, the leftover cents going to the largest remainders', () => {
    expect(allocateByLargestRemainder([333, 333, 334], 100)).toEqual([33, 33, 34]);
    expect(allocateByLargestRemainder([3000, 1500], 200)).toEqual([133, 67]);
    expect(allocateByLargestRemainder([1, 1, 1], 2)).toEqual([1, 1, 0]);
  });

  test('lines with no weight get nothing, and no line gets more than its weight', () => {
    expect(allocateByLargestRemainder([0, 500, 0], 300)).toEqual([0, 300, 0]);
    expect(allocateByLargestRemainder([1, 999_999], 1_000_000)).toEqual([1, 999_999]);
    expect(allocateByLargestRemainder([0, 0], 0)).toEqual([0, 0]);
  });

  test('holds for many random splits', () => {
    let seed = 42;
    const random = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % max;
    };
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + random(8) }, () => random(100_000));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const discount = random(total + 1);
      const shares = allocateByLargestRemainder(weights, discount);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total === 0 ? 0 : discount);
      shares.forEach((share, index) => {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(weights[index] ?? 0);
      });
    }
  });
});
