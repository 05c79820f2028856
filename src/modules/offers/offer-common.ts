import { ForeignKeyConstraintError } from 'sequelize';
import type { Transaction } from 'sequelize';
import { ER_NO_REFERENCED_ROW, errnoOf } from '../../database/errors';
import { selectRows, writeInTransaction } from '../../database/select';
import { AppError } from '../../shared/errors';

/** What sales and coupons share: their time window, their references, and the products they may name. */

/** A body names a referenced row (`#/category_id`) that does not exist. */
export const unknownReference = (field: string, what: string, id: number) =>
  new AppError('REFERENCE_NOT_FOUND', `${what} ${id} does not exist`, [
    { pointer: `#/${field}`, detail: `${what.toLowerCase()} ${id} does not exist` },
  ]);

/** The window [starts_at, ends_at) must not be empty; checked on the merged row of an update. */
export function assertWindow(
  startsAt: Date | null,
  endsAt: Date | null,
  sent: { starts_at?: unknown; ends_at?: unknown },
): void {
  if (startsAt === null || endsAt === null || startsAt.getTime() < endsAt.getTime()) return;
  const error =
    sent.ends_at !== undefined
      ? { pointer: '#/ends_at', detail: `must be after starts_at (${startsAt.toISOString()})` }
      : { pointer: '#/starts_at', detail: `must be before ends_at (${endsAt.toISOString()})` };
  throw new AppError('VALIDATION_FAILED', 'The request body has invalid values', [error]);
}

/** Running at `now`: started, not yet ended (an open end is a null column, which only coupons have). */
export const isRunning = (startsAt: Date | null, endsAt: Date | null, now: Date): boolean =>
  (startsAt === null || startsAt.getTime() <= now.getTime()) &&
  (endsAt === null || now.getTime() < endsAt.getTime());

/** The table that links an offer (with target `products`) to the products it names. */
export interface ProductLinks {
  table: 'sale_product' | 'coupon_product';
  offerColumn: 'sale_id' | 'coupon_id';
}

export const SALE_PRODUCTS: ProductLinks = { table: 'sale_product', offerColumn: 'sale_id' };
export const COUPON_PRODUCTS: ProductLinks = { table: 'coupon_product', offerColumn: 'coupon_id' };

/** The product ids of each offer that names products, ascending, in one statement for any number of offers. */
async function productIdsByOffer(
  links: ProductLinks,
  offers: ReadonlyArray<{ id: number; target: string }>,
  transaction?: Transaction,
): Promise<Map<number, number[]>> {
  const offerIds = offers.filter((offer) => offer.target === 'products').map((offer) => offer.id);
  const ids = new Map<number, number[]>(offerIds.map((id) => [id, []]));
  if (offerIds.length === 0) return ids;
  const rows = await selectRows<{ offer_id: number; product_id: number }>(
    `SELECT ${links.offerColumn} AS offer_id, product_id FROM ${links.table}
     WHERE ${links.offerColumn} IN (:offerIds) ORDER BY ${links.offerColumn}, product_id`,
    { offerIds },
    transaction,
  );
  for (const row of rows) ids.get(row.offer_id)?.push(row.product_id);
  return ids;
}

/**
 * The offers as their responses show them, each with its product ids (one statement for the lot) and whether it
 * runs now.
 */
export async function toOfferDtos<Offer extends { id: number; target: string }, Dto>(
  links: ProductLinks,
  offers: readonly Offer[],
  toDto: (offer: Offer, productIds: number[], now: Date) => Dto,
  transaction?: Transaction,
): Promise<Dto[]> {
  const productIds = await productIdsByOffer(links, offers, transaction);
  const now = new Date();
  return offers.map((offer) => toDto(offer, productIds.get(offer.id) ?? [], now));
}

/** One offer as its response shows it. */
export async function toOfferDto<Offer extends { id: number; target: string }, Dto>(
  links: ProductLinks,
  offer: Offer,
  toDto: (offer: Offer, productIds: number[], now: Date) => Dto,
  transaction?: Transaction,
): Promise<Dto> {
  const productIds = await productIdsByOffer(links, [offer], transaction);
  return toDto(offer, productIds.get(offer.id) ?? [], new Date());
}

/**
 * Writes an offer's product links (each id once), after deleting the ones it had when `replace`. The insert itself
 * is the existence check (the foreign key refuses an unknown product), so the happy path costs one statement;
 * only on failure are the missing ids looked up, each pointed at where the body lists it (`#/product_ids/3`).
 */
export async function writeProductLinks(
  links: ProductLinks,
  offerId: number,
  requested: readonly number[],
  transaction: Transaction,
  { replace }: { replace: boolean },
): Promise<void> {
  if (replace) {
    await writeInTransaction(
      `DELETE FROM ${links.table} WHERE ${links.offerColumn} = :offerId`,
      { offerId },
      transaction,
    );
  }
  const productIds = [...new Set(requested)];
  if (productIds.length === 0) return;
  try {
    await writeInTransaction(
      `INSERT INTO ${links.table} (${links.offerColumn}, product_id) VALUES ${productIds
        .map((_, index) => `(:offerId, :product${index})`)
        .join(', ')}`,
      { offerId, ...Object.fromEntries(productIds.map((id, index) => [`product${index}`, id])) },
      transaction,
    );
  } catch (error) {
    if (!(error instanceof ForeignKeyConstraintError) && errnoOf(error) !== ER_NO_REFERENCED_ROW) throw error;
    const found = await selectRows<{ id: number }>(
      'SELECT id FROM product WHERE id IN (:productIds)',
      { productIds },
      transaction,
    );
    const existing = new Set(found.map((product) => product.id));
    const missing = productIds.filter((id) => !existing.has(id));
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      `Product ${missing.join(', ')} does not exist`,
      requested.flatMap((id, index) =>
        existing.has(id)
          ? []
          : [{ pointer: `#/product_ids/${index}`, detail: `product ${id} does not exist` }],
      ),
    );
  }
}
