import type { Transaction } from 'sequelize';
import { selectRows, writeInTransaction } from '../../database/select';
import { AppError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { fromCents, toCents } from '../../shared/money';
import { toDateTime3 } from '../../shared/sql';
import type { CouponTarget } from './coupon.model';
import { allocateByLargestRemainder, couponDiscountCents } from './offer-math';

/** Coupon codes are matched ignoring case: they are stored, and looked up, upper-case. */
export const normalizeCouponCode = (code: string): string => code.trim().toUpperCase();

interface CouponRow {
  id: number;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  usage_limit: number | null;
  usage_limit_per_customer: number | null;
  min_subtotal: number | null;
  first_order_only: number | boolean;
  target: CouponTarget;
  category_id: number | null;
  times_used: number;
}

const COUPON_COLUMNS =
  'id, code, percent_off, amount_off, starts_at, ends_at, usage_limit, usage_limit_per_customer, ' +
  'min_subtotal, first_order_only, target, category_id, times_used';

/** One line of an order as a coupon sees it: its product and what the line costs before the coupon. */
export interface LineToDiscount {
  productId: number;
  lineTotalCents: number;
}

export interface AppliedCoupon {
  couponId: number;
  /** The code as stored (upper-case), which the order keeps. */
  code: string;
  /** Each line's share of the discount, in the lines' order; they add up to `discountCents`. */
  lineDiscountsCents: number[];
  discountCents: number;
}

const refuse = (code: ErrorCode, detail: string): AppError =>
  new AppError(code, detail, [{ pointer: '#/coupon_code', detail }]);

/** The lines the coupon covers: all of them, its products, or its category's. */
async function coveredProductIds(
  coupon: CouponRow,
  productIds: number[],
  transaction: Transaction | undefined,
): Promise<Set<number>> {
  if (coupon.target === 'catalog') return new Set(productIds);
  const rows =
    coupon.target === 'products'
      ? await selectRows<{ id: number }>(
          'SELECT product_id AS id FROM coupon_product WHERE coupon_id = :couponId AND product_id IN (:productIds)',
          { couponId: coupon.id, productIds },
          transaction,
        )
      : await selectRows<{ id: number }>(
          'SELECT id FROM product WHERE id IN (:productIds) AND category_id = :categoryId',
          { productIds, categoryId: coupon.category_id },
          transaction,
        );
  return new Set(rows.map((row) => row.id));
}

/** Refuses (422) a coupon this customer cannot use now, each reason with its own code. */
async function assertUsable(
  coupon: CouponRow,
  customerId: number,
  now: Date,
  subtotalCents: number,
  transaction: Transaction | undefined,
): Promise<void> {
  if (coupon.starts_at !== null && coupon.starts_at.getTime() > now.getTime()) {
    throw refuse('COUPON_NOT_ACTIVE', `coupon ${coupon.code} starts at ${coupon.starts_at.toISOString()}`);
  }
  if (coupon.ends_at !== null && coupon.ends_at.getTime() <= now.getTime()) {
    throw refuse('COUPON_NOT_ACTIVE', `coupon ${coupon.code} ended at ${coupon.ends_at.toISOString()}`);
  }
  if (coupon.usage_limit !== null && coupon.times_used >= coupon.usage_limit) {
    throw refuse('COUPON_USAGE_LIMIT_REACHED', `coupon ${coupon.code} has been used up`);
  }
  if (coupon.usage_limit_per_customer !== null) {
    const [row] = await selectRows<{ used: number }>(
      'SELECT COUNT(*) AS used FROM coupon_redemption WHERE coupon_id = :couponId AND customer_id = :customerId',
      { couponId: coupon.id, customerId },
      transaction,
    );
    if ((row?.used ?? 0) >= coupon.usage_limit_per_customer) {
      throw refuse(
        'COUPON_USAGE_LIMIT_REACHED',
        `coupon ${coupon.code} may be used ${coupon.usage_limit_per_customer} time(s) per customer, and this customer has`,
      );
    }
  }
  if (coupon.first_order_only === true || coupon.first_order_only === 1) {
    const earlier = await selectRows<{ id: number }>(
      "SELECT id FROM orders WHERE customer_id = :customerId AND status <> 'cancelled' LIMIT 1",
      { customerId },
      transaction,
    );
    if (earlier.length > 0) {
      throw refuse(
        'COUPON_NOT_APPLICABLE',
        `coupon ${coupon.code} is for a first order, and this customer has one`,
      );
    }
  }
  if (coupon.min_subtotal !== null && subtotalCents < toCents(coupon.min_subtotal)) {
    throw refuse(
      'COUPON_NOT_APPLICABLE',
      `coupon ${coupon.code} needs a subtotal of at least ${fromCents(toCents(coupon.min_subtotal))}`,
    );
  }
}

/**
 * Works out what coupon `code` takes off these lines for this customer at `now`, or refuses it (422: unknown,
 * not active, used up, not applicable). With `lock`, the coupon's row is locked (FOR UPDATE) in `transaction`
 * first, so that every order using it queues there and its limits are checked against the redemptions the
 * previous holder committed: that is what makes a limit of N hold under any concurrency, across processes.
 * Without it (a quote) nothing is locked or written.
 */
export async function applyCoupon(
  code: string,
  context: { customerId: number; now: Date; lines: readonly LineToDiscount[] },
  { transaction, lock }: { transaction?: Transaction; lock: boolean },
): Promise<AppliedCoupon> {
  const [coupon] = await selectRows<CouponRow>(
    `SELECT ${COUPON_COLUMNS} FROM coupon WHERE code = :code${lock ? ' FOR UPDATE' : ''}`,
    { code: normalizeCouponCode(code) },
    transaction,
  );
  if (coupon === undefined)
    throw refuse('COUPON_NOT_FOUND', `there is no coupon ${normalizeCouponCode(code)}`);
  const subtotalCents = context.lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  await assertUsable(coupon, context.customerId, context.now, subtotalCents, transaction);
  const covered = await coveredProductIds(
    coupon,
    context.lines.map((line) => line.productId),
    transaction,
  );
  const weights = context.lines.map((line) => (covered.has(line.productId) ? line.lineTotalCents : 0));
  const eligibleCents = weights.reduce((sum, weight) => sum + weight, 0);
  if (eligibleCents === 0) {
    throw refuse('COUPON_NOT_APPLICABLE', `coupon ${coupon.code} covers none of the products ordered`);
  }
  const discountCents = couponDiscountCents(eligibleCents, {
    percent_off: coupon.percent_off,
    amount_off_cents: coupon.amount_off === null ? null : toCents(coupon.amount_off),
  });
  return {
    couponId: coupon.id,
    code: coupon.code,
    lineDiscountsCents: allocateByLargestRemainder(weights, discountCents),
    discountCents,
  };
}

/** Records the coupon's use by an order, in the order's transaction (which holds the coupon's lock). */
export async function recordRedemption(
  coupon: AppliedCoupon,
  orderId: number,
  customerId: number,
  now: Date,
  transaction: Transaction,
): Promise<void> {
  await writeInTransaction(
    `INSERT INTO coupon_redemption (coupon_id, order_id, customer_id, created_at)
     VALUES (:couponId, :orderId, :customerId, :at)`,
    { couponId: coupon.couponId, orderId, customerId, at: toDateTime3(now) },
    transaction,
  );
  await writeInTransaction(
    'UPDATE coupon SET times_used = times_used + 1 WHERE id = :couponId',
    { couponId: coupon.couponId },
    transaction,
  );
}

/**
 * Gives back the coupon an order used, in the transaction that cancels or expires it. The caller holds the
 * order's row lock, so of any number of concurrent cancels only one gets here: the use is released once. The
 * coupon's row is locked (by the UPDATE) before any product row, the order every order placement keeps too.
 */
export async function releaseRedemption(orderId: number, transaction: Transaction): Promise<void> {
  await writeInTransaction(
    `UPDATE coupon c JOIN coupon_redemption r ON r.coupon_id = c.id
     SET c.times_used = c.times_used - 1 WHERE r.order_id = :orderId`,
    { orderId },
    transaction,
  );
  await writeInTransaction(
    'DELETE FROM coupon_redemption WHERE order_id = :orderId',
    { orderId },
    transaction,
  );
}
