import type { Transaction } from 'sequelize';
import { selectRows } from '../../database/select';
import { fromCents, toCents } from '../../shared/money';
import { toDateTime3 } from '../../shared/sql';
import { bestSalePrice } from './offer-math';
import type { SaleOffer } from './offer-math';

/**
 * Whether sale `s` covers product `p`, as SQL: the whole catalog, the product's category, one of its tags, or the
 * product by name. Shared by the price lookup and the `on_sale` list filter, so the two never disagree.
 */
const SALE_COVERS_PRODUCT = `(s.target = 'catalog'
  OR (s.target = 'category' AND s.category_id = p.category_id)
  OR (s.target = 'tag' AND EXISTS (
    SELECT 1 FROM product_tag pt WHERE pt.product_id = p.id AND pt.tag_id = s.tag_id))
  OR (s.target = 'products' AND EXISTS (
    SELECT 1 FROM sale_product sp WHERE sp.sale_id = s.id AND sp.product_id = p.id)))`;

/** Running at `:sale_now`: started, not yet ended. The (ends_at, starts_at) index finds them. */
const SALE_RUNNING = 's.ends_at > :sale_now AND s.starts_at <= :sale_now';

/** A WHERE condition on product `p`: some sale covers it at `now`. Its replacements go with it. */
export function onSaleCondition(now: Date): { sql: string; replacements: Record<string, unknown> } {
  return {
    sql: `EXISTS (SELECT 1 FROM sale s WHERE ${SALE_RUNNING} AND ${SALE_COVERS_PRODUCT})`,
    replacements: { sale_now: toDateTime3(now) },
  };
}

export interface SalePrice {
  /** The price a buyer pays now, in dollars. */
  sale_price: number;
  /** When the sale giving that price ends, ISO 8601 UTC. */
  sale_ends_at: string;
}

interface CoveringSaleRow {
  product_id: number;
  percent_off: number | null;
  amount_off: number | null;
  ends_at: Date;
}

/**
 * The sale price of each product a sale covers at `now` (products without one are absent): the lowest of the
 * regular price and every running sale's price, rounded half up to the cent, never below 0.01. One statement
 * for any number of products; inside `transaction` it reads what that transaction sees.
 */
export async function salePricesAt(
  products: ReadonlyArray<{ id: number; price: number }>,
  now: Date,
  transaction?: Transaction,
): Promise<Map<number, SalePrice>> {
  const prices = new Map<number, SalePrice>();
  if (products.length === 0) return prices;
  const rows = await selectRows<CoveringSaleRow>(
    `SELECT p.id AS product_id, s.percent_off, s.amount_off, s.ends_at
     FROM sale s JOIN product p ON p.id IN (:productIds)
     WHERE ${SALE_RUNNING} AND ${SALE_COVERS_PRODUCT}`,
    { productIds: products.map((product) => product.id), sale_now: toDateTime3(now) },
    transaction,
  );
  if (rows.length === 0) return prices;
  const byProduct = new Map<number, SaleOffer[]>();
  for (const row of rows) {
    const offers = byProduct.get(row.product_id) ?? [];
    offers.push({
      percent_off: row.percent_off,
      amount_off_cents: row.amount_off === null ? null : toCents(row.amount_off),
      ends_at: row.ends_at,
    });
    byProduct.set(row.product_id, offers);
  }
  for (const product of products) {
    const offers = byProduct.get(product.id);
    const best = offers === undefined ? null : bestSalePrice(toCents(product.price), offers);
    if (best !== null) {
      prices.set(product.id, {
        sale_price: fromCents(best.priceCents),
        sale_ends_at: best.endsAt.toISOString(),
      });
    }
  }
  return prices;
}
