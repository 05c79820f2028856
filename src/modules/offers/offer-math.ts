/**
 * Pure arithmetic of offers, in integer cents: what a sale makes of a price, what a coupon takes off, and how a
 * discount is shared between an order's lines so that the lines add up to the order exactly.
 */

/** The smallest price a sale can bring a product to. */
export const MIN_SALE_PRICE_CENTS = 1;

/** `cents * percent / 100`, rounded to the cent, half up (percent an integer, so the result is exact). */
export const percentOfCents = (cents: number, percent: number): number =>
  Math.floor((cents * percent + 50) / 100);

/** A reduction: a whole percentage or a fixed amount (in cents), exactly one of the two. */
export interface Reduction {
  percent_off: number | null;
  amount_off_cents: number | null;
}

/** The price after one sale's reduction, itself rounded half up to the cent, never below MIN_SALE_PRICE_CENTS. */
export function reducedPriceCents(priceCents: number, reduction: Reduction): number {
  const reduced =
    reduction.percent_off !== null
      ? percentOfCents(priceCents, 100 - reduction.percent_off)
      : priceCents - (reduction.amount_off_cents ?? 0);
  return Math.max(MIN_SALE_PRICE_CENTS, reduced);
}

export interface SaleOffer extends Reduction {
  ends_at: Date;
}

/**
 * The lowest of the regular price and every sale's price, with the end of the sale that gives it (of several
 * giving the same price, the one that lasts longest); null when no sale applies.
 */
export function bestSalePrice(
  priceCents: number,
  sales: readonly SaleOffer[],
): { priceCents: number; endsAt: Date } | null {
  let best: { priceCents: number; endsAt: Date } | null = null;
  for (const sale of sales) {
    const cents = Math.min(priceCents, reducedPriceCents(priceCents, sale));
    if (
      best === null ||
      cents < best.priceCents ||
      (cents === best.priceCents && sale.ends_at.getTime() > best.endsAt.getTime())
    ) {
      best = { priceCents: cents, endsAt: sale.ends_at };
    }
  }
  return best;
}

/** What a coupon takes off the lines it applies to: never more than they cost, so a total never goes negative. */
export function couponDiscountCents(eligibleCents: number, reduction: Reduction): number {
  const off =
    reduction.percent_off !== null
      ? percentOfCents(eligibleCents, reduction.percent_off)
      : (reduction.amount_off_cents ?? 0);
  return Math.min(eligibleCents, off);
}

/**
 * Shares `discountCents` between lines in proportion to their totals, in whole cents, by largest remainder: each
 * line gets the floor of its exact share, and the cents left over go one each to the lines with the largest
 * fractional parts (ties to the earlier line). The shares add up to `discountCents` exactly, and no line gets
 * more than its total. Lines with weight 0 get 0.
 */
export function allocateByLargestRemainder(weights: readonly number[], discountCents: number): number[] {
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight === 0 || discountCents === 0) return weights.map(() => 0);
  // Exact integer arithmetic: share_i = floor(d * w_i / W), remainder_i = (d * w_i) mod W.
  const shares = weights.map((weight) => {
    const product = BigInt(discountCents) * BigInt(weight);
    return {
      floor: Number(product / BigInt(totalWeight)),
      remainder: product % BigInt(totalWeight),
    };
  });
  let left = discountCents - shares.reduce((sum, share) => sum + share.floor, 0);
  const order = shares
    .map((share, index) => ({ index, remainder: share.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const result = shares.map((share) => share.floor);
  for (const { index } of order) {
    if (left === 0) break;
    result[index] = (result[index] ?? 0) + 1;
    left--;
  }
  return result;
}
