import { AppError } from '../../shared/errors';
import { MAX_AMOUNT_CENTS, fromCents } from '../../shared/money';

export interface LineToPrice {
  quantity: number;
  unitPriceCents: number;
}

export interface Priced<Line> {
  lines: Array<Line & { lineTotalCents: number }>;
  totalCents: number;
}

/**
 * Pure: each line's total and the order total in integer cents, so the total is always exactly the sum of the
 * lines (no float drift). Amounts that would not fit DECIMAL(10,2) are refused.
 */
export function priceLines<Line extends LineToPrice>(lines: Line[]): Priced<Line> {
  const priced = lines.map((line) => ({ ...line, lineTotalCents: line.quantity * line.unitPriceCents }));
  const totalCents = priced.reduce((sum, line) => sum + line.lineTotalCents, 0);
  if (totalCents > MAX_AMOUNT_CENTS) {
    throw new AppError('VALIDATION_FAILED', `The order total would exceed ${fromCents(MAX_AMOUNT_CENTS)}`, [
      { pointer: '#/items', detail: 'the order total is too large' },
    ]);
  }
  return { lines: priced, totalCents };
}

/** Pure: merges lines for the same product (quantities summed), keeping each product's first position. */
export function mergeLines(
  items: Array<{ product_id: number; quantity: number }>,
): Array<{ product_id: number; quantity: number; firstIndex: number }> {
  const merged = new Map<number, { product_id: number; quantity: number; firstIndex: number }>();
  items.forEach((item, index) => {
    const existing = merged.get(item.product_id);
    if (existing) existing.quantity += item.quantity;
    else
      merged.set(item.product_id, {
        product_id: item.product_id,
        quantity: item.quantity,
        firstIndex: index,
      });
  });
  return [...merged.values()];
}
