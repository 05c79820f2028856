import { ForeignKeyConstraintError, Op, UniqueConstraintError } from 'sequelize';
import type { CreationAttributes, Transaction, WhereOptions } from 'sequelize';
import { withTransaction } from '../../database/transaction';
import { AppError, notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import { Coupon } from './coupon.model';
import type { CouponTarget } from './coupon.model';
import type { CouponDto, CreateCouponBody, ListCouponsQuery, UpdateCouponBody } from './coupon.schemas';
import {
  COUPON_PRODUCTS,
  assertWindow,
  isRunning,
  toOfferDto,
  toOfferDtos,
  unknownReference,
  writeProductLinks,
} from './offer-common';

const codeTaken = (code: string) =>
  new AppError('CONFLICT', `Coupon code ${code} is already taken`, [
    { pointer: '#/code', detail: 'is already taken' },
  ]);

/**
 * What the write's refusal means for the body: the code is taken (the unique index on the upper-cased code), or
 * the category does not exist. Anything else goes on as it is.
 */
function writeError(error: unknown, code: string, categoryId: number | null): unknown {
  if (error instanceof UniqueConstraintError) return codeTaken(code);
  if (error instanceof ForeignKeyConstraintError && categoryId !== null) {
    return unknownReference('category_id', 'Category', categoryId);
  }
  return error;
}

/** What a body's target fields make of the row: none (or all null) is the whole catalog. */
function couponTargetOf(body: {
  product_ids?: number[] | null | undefined;
  category_id?: number | null | undefined;
}): { target: CouponTarget; category_id: number | null } {
  const category_id = body.category_id ?? null;
  if (body.product_ids != null) return { target: 'products', category_id };
  return { target: category_id === null ? 'catalog' : 'category', category_id };
}

const toCouponDto = (coupon: Coupon, productIds: number[], now: Date): CouponDto => ({
  id: coupon.id,
  code: coupon.code,
  percent_off: coupon.percent_off,
  amount_off: coupon.amount_off,
  starts_at: coupon.starts_at?.toISOString() ?? null,
  ends_at: coupon.ends_at?.toISOString() ?? null,
  usage_limit: coupon.usage_limit,
  usage_limit_per_customer: coupon.usage_limit_per_customer,
  min_subtotal: coupon.min_subtotal,
  first_order_only: coupon.first_order_only,
  applies_to: coupon.target,
  product_ids: coupon.target === 'products' ? productIds : [],
  category_id: coupon.category_id,
  times_used: coupon.times_used,
  active: isRunning(coupon.starts_at, coupon.ends_at, now),
  created_at: coupon.created_at.toISOString(),
  updated_at: coupon.updated_at.toISOString(),
});

const toCouponDtos = (coupons: readonly Coupon[], transaction?: Transaction) =>
  toOfferDtos(COUPON_PRODUCTS, coupons, toCouponDto, transaction);

const loadCoupon = (coupon: Coupon, transaction?: Transaction) =>
  toOfferDto(COUPON_PRODUCTS, coupon, toCouponDto, transaction);

/** The coupon and its product links, in one transaction: all or nothing. */
export async function createCoupon(body: CreateCouponBody): Promise<CouponDto> {
  const target = couponTargetOf(body);
  return withTransaction(async (transaction) => {
    let coupon: Coupon;
    try {
      coupon = await Coupon.create(
        {
          code: body.code,
          percent_off: body.percent_off ?? null,
          amount_off: body.amount_off ?? null,
          starts_at: body.starts_at ?? null,
          ends_at: body.ends_at ?? null,
          usage_limit: body.usage_limit ?? null,
          usage_limit_per_customer: body.usage_limit_per_customer ?? null,
          min_subtotal: body.min_subtotal ?? null,
          first_order_only: body.first_order_only ?? false,
          ...target,
        },
        { transaction },
      );
    } catch (error) {
      throw writeError(error, body.code, target.category_id);
    }
    await writeProductLinks(COUPON_PRODUCTS, coupon.id, body.product_ids ?? [], transaction, {
      replace: false,
    });
    return loadCoupon(coupon, transaction);
  });
}

/** Within its dates at `now` (`active=true`) or not (`active=false`); a null start or end is open. */
function couponActivityWhere(active: 'true' | 'false', now: Date): WhereOptions<Coupon> {
  return active === 'true'
    ? {
        [Op.and]: [
          { [Op.or]: [{ starts_at: null }, { starts_at: { [Op.lte]: now } }] },
          { [Op.or]: [{ ends_at: null }, { ends_at: { [Op.gt]: now } }] },
        ],
      }
    : { [Op.or]: [{ starts_at: { [Op.gt]: now } }, { ends_at: { [Op.lte]: now } }] };
}

/**
 * Newest first (by id, descending): the page, its count and its product links, whatever the page size. `code` is
 * an exact lookup on the unique index (codes are stored upper-case and the query is upper-cased).
 */
export async function listCoupons(query: ListCouponsQuery): Promise<{ items: CouponDto[]; total: number }> {
  const { rows, count } = await Coupon.findAndCountAll({
    where: {
      [Op.and]: [
        ...(query.code === undefined ? [] : [{ code: query.code }]),
        ...(query.active === undefined ? [] : [couponActivityWhere(query.active, new Date())]),
      ],
    },
    order: [['id', 'DESC']],
    limit: query.per_page,
    offset: offsetOf(query),
  });
  return { items: await toCouponDtos(rows), total: count };
}

export async function getCoupon(id: number): Promise<CouponDto> {
  const coupon = await Coupon.findByPk(id);
  if (coupon === null) throw notFound('Coupon', id);
  return loadCoupon(coupon);
}

/**
 * Changes the fields sent, under the coupon's row lock (the lock an order takes to redeem it, so times_used, which
 * no update writes, is read as it stands). percent_off or amount_off, when either is sent, replaces the
 * reduction; product_ids or category_id, when either is sent, replaces the target (both null: the whole catalog).
 * The merged dates must still have starts_at before ends_at. updated_at moves on every update.
 */
export async function updateCoupon(id: number, body: UpdateCouponBody): Promise<CouponDto> {
  return withTransaction(async (transaction) => {
    const coupon = await Coupon.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (coupon === null) throw notFound('Coupon', id);
    // Fields not sent are absent from the parsed body, so the plain columns can be copied as they are.
    const { percent_off, amount_off, product_ids, category_id, ...plain } = body;
    const changes: Partial<CreationAttributes<Coupon>> = { ...plain };
    if (percent_off !== undefined || amount_off !== undefined) {
      changes.percent_off = percent_off ?? null;
      changes.amount_off = amount_off ?? null;
    }
    assertWindow(
      plain.starts_at === undefined ? coupon.starts_at : plain.starts_at,
      plain.ends_at === undefined ? coupon.ends_at : plain.ends_at,
      body,
    );
    const target =
      product_ids !== undefined || category_id !== undefined
        ? couponTargetOf({ product_ids, category_id })
        : undefined;
    coupon.set({ ...changes, ...target });
    coupon.changed('updated_at', true);
    try {
      await coupon.save({ transaction });
    } catch (error) {
      throw writeError(error, coupon.code, target?.category_id ?? null);
    }
    if (target !== undefined) {
      await writeProductLinks(COUPON_PRODUCTS, id, product_ids ?? [], transaction, { replace: true });
    }
    return loadCoupon(coupon, transaction);
  });
}

/** Its product links and redemptions go with it (ON DELETE CASCADE); orders keep their coupon_code. */
export async function deleteCoupon(id: number): Promise<void> {
  // DELETE reports the rows it removed, so 0 means "no such row".
  const deleted = await Coupon.destroy({ where: { id } });
  if (deleted === 0) throw notFound('Coupon', id);
}
