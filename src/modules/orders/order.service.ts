import { createHash } from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import type { CreationAttributes, Transaction, WhereOptions } from 'sequelize';
import { getConfig } from '../../config/env';
import { findOwnedRow } from '../../database/owned-row';
import { ER_NO_REFERENCED_ROW, errnoOf } from '../../database/errors';
import { selectRows, writeInTransaction } from '../../database/select';
import { RetryableTransactionError, withTransaction } from '../../database/transaction';
import { AppError, notFound } from '../../shared/errors';
import { fromCents, toCents } from '../../shared/money';
import { offsetOf } from '../../shared/pagination';
import { toDateTime3 } from '../../shared/sql';
import type { PageRequest } from '../../shared/pagination';
import { assertCanReach, isAdmin } from '../../shared/auth-context';
import type { AuthContext } from '../../shared/auth-context';
import { Customer } from '../customers';
import { LOCKED_PRODUCT_COLUMNS, applyStockChanges, lockProducts } from '../inventory';
import type { LockedProduct } from '../inventory';
import {
  applyCoupon,
  normalizeCouponCode,
  recordRedemption,
  releaseRedemption,
  salePricesAt,
} from '../offers';
import type { AppliedCoupon, SalePrice } from '../offers';
import { IdempotencyKey } from './idempotency-key.model';
import { OrderItem } from './order-item.model';
import { allowedTransitions, assertTransition, needsTracking } from './order-status';
import { OrderStatusEvent } from './order-status-event.model';
import { Order } from './order.model';
import type {
  CouponProblemDto,
  CreateOrderBody,
  ListOrdersQuery,
  OrderDto,
  OrderItemDto,
  QuoteDto,
  TrackingDto,
  UpdateOrderStatusBody,
} from './order.schemas';
import { mergeLines, priceLines } from './pricing';
import type { Priced } from './pricing';

const toItemDto = (item: OrderItem): OrderItemDto => ({
  product_id: item.product_id,
  product_name: item.product_name,
  unit_price: item.unit_price,
  quantity: item.quantity,
  line_total: item.line_total,
  discount: item.discount,
});

/** Where the order stands, as both the order and its tracking view show it. */
const progressOf = (order: Order) => ({
  status: order.status,
  order_date: order.order_date.toISOString(),
  expected_delivery_date: order.expected_delivery_date,
  carrier: order.carrier ?? null,
  tracking_number: order.tracking_number ?? null,
});

const toOrderDto = (order: Order, items: OrderItem[]): OrderDto => ({
  id: order.id,
  customer_id: order.customer_id,
  ...progressOf(order),
  items: items.map(toItemDto),
  subtotal: order.subtotal,
  discount_total: order.discount_total,
  coupon_code: order.coupon_code,
  total: order.total,
  allowed_transitions: allowedTransitions(order.status),
  created_at: order.created_at.toISOString(),
  updated_at: order.updated_at.toISOString(),
});

/** Items for many orders in one statement: a page of orders costs the same number of queries at any size. */
async function withItems(orders: Order[], transaction?: Transaction): Promise<OrderDto[]> {
  if (orders.length === 0) return [];
  const items = await OrderItem.findAll({
    where: { order_id: orders.map((order) => order.id) },
    order: [['id', 'ASC']],
    transaction,
  });
  const byOrder = new Map<number, OrderItem[]>(orders.map((order) => [order.id, []]));
  for (const item of items) byOrder.get(item.order_id)?.push(item);
  return orders.map((order) => toOrderDto(order, byOrder.get(order.id) ?? []));
}

/** An order is reachable by its customer and by admins; for anyone else it does not exist. */
const findReachableOrder = (actor: AuthContext, id: number, transaction?: Transaction) =>
  findOwnedRow(Order, 'Order', actor, id, transaction);

/** A customer orders for itself; an admin names the customer (or orders for its own customer record). */
function resolveCustomerId(actor: AuthContext, requested: number | undefined): number {
  if (requested === undefined) return actor.customerId;
  assertCanReach(actor, requested, 'Customer', requested);
  return requested;
}

const addDays = (date: Date, days: number): string =>
  new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** One line of a new order: what was asked for, the product it is for, and the price it sells at now. */
interface OrderLine {
  product: LockedProduct;
  quantity: number;
  /** Where the product first appears in the request body, for pointers in errors. */
  firstIndex: number;
  /** The sale price when a sale covers the product, else its regular price. */
  unitPriceCents: number;
}

/**
 * Pairs each requested line with its product, priced at its sale price where `sales` has one; any unknown
 * product is a 422 naming its line.
 */
function matchProducts(
  requested: Array<{ product_id: number; quantity: number; firstIndex: number }>,
  locked: Map<number, LockedProduct>,
  sales: Map<number, SalePrice> = new Map(),
): OrderLine[] {
  const missing = requested.filter((line) => !locked.has(line.product_id));
  if (missing.length > 0) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      `Product ${missing.map((line) => line.product_id).join(', ')} does not exist`,
      missing.map((line) => ({
        pointer: `#/items/${line.firstIndex}/product_id`,
        detail: `product ${line.product_id} does not exist`,
      })),
    );
  }
  return requested.map(({ product_id, quantity, firstIndex }) => {
    const product = locked.get(product_id);
    if (product === undefined) throw new Error(`product ${product_id} vanished between two reads of one map`);
    const sale = sales.get(product_id);
    return {
      product,
      quantity,
      firstIndex,
      unitPriceCents: toCents(sale === undefined ? product.price : sale.sale_price),
    };
  });
}

/** Every line must be in stock, or the order is a 409 naming each short line and nothing is written. */
function assertInStock(lines: OrderLine[]): void {
  const short = lines.filter((line) => line.product.stock < line.quantity);
  if (short.length === 0) return;
  throw new AppError(
    'INSUFFICIENT_STOCK',
    `Not enough stock for product ${short.map((line) => line.product.id).join(', ')}`,
    short.map((line) => ({
      pointer: `#/items/${line.firstIndex}/quantity`,
      detail: `requested ${line.quantity} of product ${line.product.id}, ${line.product.stock} in stock`,
    })),
  );
}

/** An order's money: Σ lines, the coupon's discount, and what is left to pay. */
interface OrderFigures {
  subtotalCents: number;
  discountCents: number;
  couponCode: string | null;
}

async function insertOrder(
  customerId: number,
  figures: OrderFigures,
  now: Date,
  transaction: Transaction,
): Promise<number> {
  const at = toDateTime3(now);
  try {
    const { insertId } = await writeInTransaction(
      `INSERT INTO orders (customer_id, status, order_date, expected_delivery_date, subtotal, discount_total,
         coupon_code, total, created_at, updated_at)
       VALUES (:customerId, 'pending', :at, :delivery, :subtotal, :discount, :couponCode, :total, :at, :at)`,
      {
        customerId,
        at,
        delivery: addDays(now, getConfig().orderLeadTimeDays),
        subtotal: fromCents(figures.subtotalCents),
        discount: fromCents(figures.discountCents),
        couponCode: figures.couponCode,
        total: fromCents(figures.subtotalCents - figures.discountCents),
      },
      transaction,
    );
    return insertId;
  } catch (error) {
    if (errnoOf(error) !== ER_NO_REFERENCED_ROW) throw error;
    throw new AppError('REFERENCE_NOT_FOUND', `Customer ${customerId} does not exist`, [
      { pointer: '#/customer_id', detail: `customer ${customerId} does not exist` },
    ]);
  }
}

/** A priced line with its share of the coupon's discount. */
type DiscountedLine = Priced<OrderLine>['lines'][number] & { discountCents: number };

/** The lines with their shares of the coupon's discount (none without a coupon). */
const discountLines = (lines: Priced<OrderLine>['lines'], coupon: AppliedCoupon | null): DiscountedLine[] =>
  lines.map((line, index) => ({ ...line, discountCents: coupon?.lineDiscountsCents[index] ?? 0 }));

const linesForCoupon = (lines: Priced<OrderLine>['lines']) =>
  lines.map((line) => ({ productId: line.product.id, lineTotalCents: line.lineTotalCents }));

const toNewItemDto = (line: DiscountedLine): OrderItemDto => ({
  product_id: line.product.id,
  product_name: line.product.product_name,
  unit_price: fromCents(line.unitPriceCents),
  quantity: line.quantity,
  line_total: fromCents(line.lineTotalCents),
  discount: fromCents(line.discountCents),
});

/**
 * Each line keeps the product's name and the price it sold at, whatever happens to the product later: one
 * multi-row INSERT, whose ids nothing reads (they are consecutive only on some servers).
 */
async function insertItems(orderId: number, lines: DiscountedLine[], transaction: Transaction) {
  const replacements: Record<string, string | number> = { orderId };
  const values = lines.map((line, index) => {
    const item = toNewItemDto(line);
    replacements[`product${index}`] = line.product.id;
    replacements[`name${index}`] = item.product_name;
    replacements[`price${index}`] = item.unit_price;
    replacements[`quantity${index}`] = item.quantity;
    replacements[`total${index}`] = item.line_total;
    replacements[`discount${index}`] = item.discount;
    return `(:orderId, :product${index}, :name${index}, :price${index}, :quantity${index}, :total${index}, :discount${index})`;
  });
  await writeInTransaction(
    `INSERT INTO order_item (order_id, product_id, product_name, unit_price, quantity, line_total, discount)
     VALUES ${values.join(', ')}`,
    replacements,
    transaction,
  );
}

const insertPlacedEvent = (orderId: number, now: Date, transaction: Transaction) =>
  writeInTransaction(
    `INSERT INTO order_status_event (order_id, from_status, to_status, note, at)
     VALUES (:orderId, NULL, 'pending', 'order placed', :at)`,
    { orderId, at: toDateTime3(now) },
    transaction,
  );

/** The products' current names, prices and stock, read without locking them. */
async function readProducts(ids: number[], transaction?: Transaction): Promise<Map<number, LockedProduct>> {
  const rows = await selectRows<LockedProduct>(
    `SELECT ${LOCKED_PRODUCT_COLUMNS.join(', ')} FROM product WHERE id IN (:ids)`,
    { ids },
    transaction,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Thrown when a product's name or price changed between the read that priced an order and the lock that takes
 * its stock: withTransaction runs the whole order again, against the new values.
 */
class ProductChangedWhileOrdering extends RetryableTransactionError {}

/**
 * The order, in the caller's transaction, written so that the products' rows are locked as late and as briefly
 * as possible (a best-selling product's row lock serialises every order for it):
 * 1. read the products without a lock, price the lines at `now` (sales running then included), refuse a short
 *    line early; with a coupon, lock it and check it (see applyCoupon);
 * 2. write the order, the first step of its timeline and the coupon's redemption, and anything the caller adds
 *    (`beforeLock`);
 * 3. lock the products (id order) and confirm that their names and prices are still the ones priced; then write
 *    the lines and take the stock (one UPDATE, one INSERT into the ledger). Only the commit follows.
 * The lines come after the lock: their foreign key makes InnoDB share-lock each product row they reference, and
 * two orders holding that shared lock would deadlock when both then asked for the exclusive one.
 */
async function createOrderRows(
  customerId: number,
  body: CreateOrderBody,
  transaction: Transaction,
  beforeLock: (orderId: number) => Promise<void>,
): Promise<OrderDto> {
  const now = new Date();
  const requested = mergeLines(body.items);
  const ids = requested.map((line) => line.product_id);
  const products = await readProducts(ids, transaction);
  const sales = await salePricesAt([...products.values()], now, transaction);
  const matched = matchProducts(requested, products, sales);
  assertInStock(matched);
  const { lines: priced, totalCents: subtotalCents } = priceLines(matched);
  const coupon =
    body.coupon_code === undefined
      ? null
      : await applyCoupon(
          body.coupon_code,
          { customerId, now, lines: linesForCoupon(priced) },
          { transaction, lock: true },
        );
  const lines = discountLines(priced, coupon);
  const figures = {
    subtotalCents,
    discountCents: coupon?.discountCents ?? 0,
    couponCode: coupon?.code ?? null,
  };
  const orderId = await insertOrder(customerId, figures, now, transaction);
  await insertPlacedEvent(orderId, now, transaction);
  if (coupon !== null) await recordRedemption(coupon, orderId, customerId, now, transaction);
  await beforeLock(orderId);

  const locked = await lockProducts(ids, transaction);
  const current = matchProducts(requested, locked);
  if (current.some((line, index) => !samePricing(line.product, matched[index]?.product))) {
    throw new ProductChangedWhileOrdering();
  }
  assertInStock(current);
  await insertItems(orderId, lines, transaction);
  await applyStockChanges(
    locked,
    lines.map((line) => ({
      productId: line.product.id,
      delta: -line.quantity,
      reason: 'order',
      reference: `order:${orderId}`,
    })),
    transaction,
  );
  const at = now.toISOString();
  return {
    id: orderId,
    customer_id: customerId,
    status: 'pending',
    order_date: at,
    expected_delivery_date: addDays(now, getConfig().orderLeadTimeDays),
    carrier: null,
    tracking_number: null,
    items: lines.map(toNewItemDto),
    subtotal: fromCents(subtotalCents),
    discount_total: fromCents(figures.discountCents),
    coupon_code: figures.couponCode,
    total: fromCents(subtotalCents - figures.discountCents),
    allowed_transitions: allowedTransitions('pending'),
    created_at: at,
    updated_at: at,
  };
}

const samePricing = (locked: LockedProduct, priced: LockedProduct | undefined) =>
  priced !== undefined && locked.price === priced.price && locked.product_name === priced.product_name;

/** Thrown inside the order transaction when another request already holds the Idempotency-Key. */
class IdempotencyKeyTaken extends Error {}

/** Inserts the key row; false when the unique index says another row holds the key. */
async function insertIdempotencyKey(
  row: CreationAttributes<IdempotencyKey>,
  transaction: Transaction,
): Promise<boolean> {
  try {
    await IdempotencyKey.create(row, { transaction });
    return true;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return false;
    throw error;
  }
}

/**
 * Claims the key inside the order's transaction. A concurrent request with the same key blocks on the unique
 * index until this transaction ends: after a commit it sees the key taken and answers with this order; after a
 * rollback it proceeds as if it had come first. An expired key is released and claimed anew; the second insert,
 * not the delete's count, decides, because the maintenance sweep may have deleted the expired row in between.
 */
async function claimIdempotencyKey(
  accountId: number,
  key: string,
  requestHash: string,
  transaction: Transaction,
) {
  const row = {
    account_id: accountId,
    idempotency_key: key,
    request_hash: requestHash,
    expires_at: new Date(Date.now() + getConfig().idempotencyTtlHours * 3_600_000),
  };
  if (await insertIdempotencyKey(row, transaction)) return;
  await IdempotencyKey.destroy({
    where: { account_id: accountId, idempotency_key: key, expires_at: { [Op.lte]: new Date() } },
    transaction,
  });
  if (!(await insertIdempotencyKey(row, transaction))) throw new IdempotencyKeyTaken();
}

async function replayIdempotentOrder(
  actor: AuthContext,
  key: string,
  requestHash: string,
): Promise<OrderDto> {
  const row = await IdempotencyKey.findOne({ where: { account_id: actor.accountId, idempotency_key: key } });
  if (row?.request_hash !== requestHash) {
    throw new AppError('CONFLICT', 'This Idempotency-Key was already used with a different request body', [
      { parameter: 'Idempotency-Key', detail: 'was used with another body; send a new key for a new order' },
    ]);
  }
  if (row.order_id === null) {
    throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress; retry shortly');
  }
  return getOrder(actor, row.order_id);
}

/**
 * Locks the customer's row (SELECT ... FOR UPDATE by primary key) until the order's transaction ends: orders by
 * one customer queue here, before any product lock, so the pending count that follows cannot be raced past the
 * cap. The count is a plain read, so the transaction runs at READ COMMITTED: the count then sees the order that
 * the previous holder of this lock committed, on TiDB too, whose REPEATABLE READ snapshot would predate the wait.
 */
async function lockCustomer(customerId: number, transaction: Transaction): Promise<void> {
  await selectRows('SELECT id FROM customer WHERE id = :customerId FOR UPDATE', { customerId }, transaction);
}

/** Refuses (409) one more order from a customer already holding MAX_PENDING_ORDERS unpaid ones. */
async function assertBelowPendingCap(customerId: number, transaction: Transaction): Promise<void> {
  const { maxPendingOrders, orderPaymentTimeoutMinutes } = getConfig();
  // Counts at most the cap: the answer is the same, and the cost does not grow with the customer's history.
  const [row] = await selectRows<{ pending: number }>(
    `SELECT COUNT(*) AS pending FROM (
       SELECT 1 FROM orders WHERE customer_id = :customerId AND status = 'pending' LIMIT :cap
     ) AS capped`,
    { customerId, cap: maxPendingOrders },
    transaction,
  );
  const pending = row?.pending ?? 0;
  if (pending < maxPendingOrders) return;
  throw new AppError(
    'TOO_MANY_PENDING_ORDERS',
    `You have ${pending} unpaid orders and at most ${maxPendingOrders} may be pending at once: pay or cancel one ` +
      `before placing another (unpaid orders are cancelled after ${orderPaymentTimeoutMinutes} minutes)`,
  );
}

/**
 * Places an order in one transaction. With an Idempotency-Key, a retry with the same body answers with the first
 * order (stock taken once) and `replayed: true`; the same key with another body is a 409. A customer may hold at
 * most MAX_PENDING_ORDERS pending orders (409 past it); an admin placing an order, for anyone, is exempt. The key
 * is claimed before the cap is checked, so the retry of an order already placed is answered, never refused.
 */
export async function placeOrder(
  actor: AuthContext,
  body: CreateOrderBody,
  idempotencyKey?: string,
): Promise<{ order: OrderDto; replayed: boolean }> {
  const customerId = resolveCustomerId(actor, body.customer_id);
  const capped = !isAdmin(actor);
  // A coupon's per-customer and first-order rules count this customer's orders: its orders queue on its row.
  const lockedCustomer = capped || body.coupon_code !== undefined;
  const requestHash = createHash('sha256')
    .update(
      JSON.stringify({
        customer_id: customerId,
        items: body.items,
        coupon_code: body.coupon_code === undefined ? undefined : normalizeCouponCode(body.coupon_code),
      }),
    )
    .digest('hex');
  try {
    const order = await withTransaction(
      async (transaction) => {
        if (lockedCustomer) await lockCustomer(customerId, transaction);
        if (idempotencyKey !== undefined) {
          await claimIdempotencyKey(actor.accountId, idempotencyKey, requestHash, transaction);
        }
        if (capped) await assertBelowPendingCap(customerId, transaction);
        return createOrderRows(customerId, body, transaction, async (orderId) => {
          if (idempotencyKey === undefined) return;
          await IdempotencyKey.update(
            { order_id: orderId },
            { where: { account_id: actor.accountId, idempotency_key: idempotencyKey }, transaction },
          );
        });
      },
      { readCommitted: true },
    );
    return { order, replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyKeyTaken) || idempotencyKey === undefined) throw error;
    return { order: await replayIdempotentOrder(actor, idempotencyKey, requestHash), replayed: true };
  }
}

const COUPON_CODES = new Set<string>([
  'COUPON_NOT_FOUND',
  'COUPON_NOT_ACTIVE',
  'COUPON_USAGE_LIMIT_REACHED',
  'COUPON_NOT_APPLICABLE',
] satisfies CouponProblemDto['code'][]);

const isCouponCode = (code: string): code is CouponProblemDto['code'] => COUPON_CODES.has(code);

/**
 * What the order would be now, for a cart page: the lines at the prices they would sell at, the coupon's
 * discount, the totals, and why the coupon would be refused (the totals are then without it). Reads only: no
 * stock is reserved, no coupon redeemed, nothing locked. An unknown product is the same 422 as for an order.
 */
export async function quoteOrder(actor: AuthContext, body: CreateOrderBody): Promise<QuoteDto> {
  const customerId = resolveCustomerId(actor, body.customer_id);
  if (customerId !== actor.customerId && (await Customer.count({ where: { id: customerId } })) === 0) {
    throw new AppError('REFERENCE_NOT_FOUND', `Customer ${customerId} does not exist`, [
      { pointer: '#/customer_id', detail: `customer ${customerId} does not exist` },
    ]);
  }
  const now = new Date();
  const requested = mergeLines(body.items);
  const products = await readProducts(requested.map((line) => line.product_id));
  const sales = await salePricesAt([...products.values()], now);
  const { lines: priced, totalCents: subtotalCents } = priceLines(matchProducts(requested, products, sales));
  let coupon: AppliedCoupon | null = null;
  let couponProblem: CouponProblemDto | null = null;
  if (body.coupon_code !== undefined) {
    try {
      coupon = await applyCoupon(
        body.coupon_code,
        { customerId, now, lines: linesForCoupon(priced) },
        { lock: false },
      );
    } catch (error) {
      if (!(error instanceof AppError) || !isCouponCode(error.code)) throw error;
      couponProblem = { code: error.code, detail: error.message };
    }
  }
  const discountCents = coupon?.discountCents ?? 0;
  return {
    customer_id: customerId,
    quoted_at: now.toISOString(),
    items: discountLines(priced, coupon).map((line) => ({
      ...toNewItemDto(line),
      product_id: line.product.id,
      regular_price: line.product.price,
      in_stock: line.product.stock >= line.quantity,
    })),
    subtotal: fromCents(subtotalCents),
    discount_total: fromCents(discountCents),
    coupon_code:
      coupon?.code ?? (body.coupon_code === undefined ? null : normalizeCouponCode(body.coupon_code)),
    coupon_problem: couponProblem,
    total: fromCents(subtotalCents - discountCents),
  };
}

export async function getOrder(actor: AuthContext, id: number): Promise<OrderDto> {
  const [order] = await withItems([await findReachableOrder(actor, id)]);
  if (order === undefined) throw notFound('Order', id);
  return order;
}

async function pageOfOrders(
  where: WhereOptions<Order>,
  page: PageRequest,
): Promise<{ items: OrderDto[]; total: number }> {
  const { rows, count } = await Order.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: page.per_page,
    offset: offsetOf(page),
  });
  return { items: await withItems(rows), total: count };
}

/** Admins see every order (filters: status, customer_id); a customer sees its own, newest first. */
export async function listOrders(actor: AuthContext, query: ListOrdersQuery) {
  const customerId = query.customer_id ?? (isAdmin(actor) ? undefined : actor.customerId);
  if (customerId !== undefined) assertCanReach(actor, customerId, 'Customer', customerId);
  return pageOfOrders(
    {
      ...(customerId === undefined ? {} : { customer_id: customerId }),
      ...(query.status === undefined ? {} : { status: query.status }),
    },
    query,
  );
}

/** One customer's order history, newest first. */
export async function listCustomerOrders(actor: AuthContext, customerId: number, page: PageRequest) {
  assertCanReach(actor, customerId, 'Customer', customerId);
  if ((await Customer.count({ where: { id: customerId } })) === 0) throw notFound('Customer', customerId);
  return pageOfOrders({ customer_id: customerId }, page);
}

export async function trackOrder(actor: AuthContext, id: number): Promise<TrackingDto> {
  const order = await findReachableOrder(actor, id);
  const events = await OrderStatusEvent.findAll({ where: { order_id: id }, order: [['id', 'ASC']] });
  return {
    order_id: order.id,
    ...progressOf(order),
    timeline: events.map((event) => ({
      from_status: event.from_status,
      to_status: event.to_status,
      note: event.note,
      at: event.at.toISOString(),
    })),
  };
}

/** Who cancels and why: a person (ledger reason `cancel`) or the server for want of payment (`expired`). */
interface Cancellation {
  reason: 'cancel' | 'expired';
  note: string;
}

/**
 * Cancels an order whose row the caller has locked, in the caller's transaction, and puts its stock back through
 * the ledger: its products are locked next, in id order as every writer does. Holding the order's lock first is
 * what makes the restock happen once, whoever cancels. Lines whose product has since been deleted have nothing to
 * restock.
 */
async function cancelLockedOrder(
  order: Order,
  { reason, note }: Cancellation,
  transaction: Transaction,
): Promise<OrderDto> {
  const previous = order.status;
  assertTransition(previous, 'cancelled');
  const items = await OrderItem.findAll({
    where: { order_id: order.id },
    order: [['id', 'ASC']],
    transaction,
  });
  if (order.coupon_code !== null) await releaseRedemption(order.id, transaction);
  const productIds = items.flatMap((item) => (item.product_id === null ? [] : [item.product_id]));
  const locked = await lockProducts(productIds, transaction);
  await applyStockChanges(
    locked,
    items.flatMap((item) =>
      item.product_id !== null && locked.has(item.product_id)
        ? [{ productId: item.product_id, delta: item.quantity, reason, reference: `order:${order.id}` }]
        : [],
    ),
    transaction,
  );
  await order.update({ status: 'cancelled' }, { transaction });
  await OrderStatusEvent.create(
    { order_id: order.id, from_status: previous, to_status: 'cancelled', note, at: new Date() },
    { transaction },
  );
  return toOrderDto(order, items);
}

/**
 * Cancels a pending or paid order and puts its stock back, once: of any number of concurrent cancels (or a
 * cancel and the expiry sweep) exactly one finds it cancellable; the rest get 409.
 */
export async function cancelOrder(actor: AuthContext, id: number, note?: string): Promise<OrderDto> {
  return withTransaction(async (transaction) => {
    const order = await findReachableOrder(actor, id, transaction);
    return cancelLockedOrder(
      order,
      {
        reason: 'cancel',
        note: note ?? `cancelled by ${isAdmin(actor) ? 'an admin' : 'the customer'}`,
      },
      transaction,
    );
  });
}

/** Pending orders placed before `cutoff`, oldest first. Read without locks: each is checked again under its lock. */
async function findUnpaidOrderIds(cutoff: Date, limit: number): Promise<number[]> {
  const orders = await Order.findAll({
    attributes: ['id'],
    where: { status: 'pending', order_date: { [Op.lt]: cutoff } },
    order: [
      ['order_date', 'ASC'],
      ['id', 'ASC'],
    ],
    limit,
  });
  return orders.map((order) => order.id);
}

/**
 * Expires one order in its own short transaction: its row is locked by primary key and checked again, so a
 * payment, a cancel or another process's sweep that got there first leaves it alone (false).
 */
async function expireOrder(id: number, cutoff: Date, note: string): Promise<boolean> {
  return withTransaction(async (transaction) => {
    const order = await Order.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (order?.status !== 'pending' || order.order_date.getTime() >= cutoff.getTime()) return false;
    await cancelLockedOrder(order, { reason: 'expired', note }, transaction);
    return true;
  });
}

/**
 * Cancels up to `limit` pending orders placed more than ORDER_PAYMENT_TIMEOUT_MINUTES before `now`, putting their
 * stock back as `expired` ledger rows. Safe to run in several processes at once. Returns how many it expired.
 */
export async function expireUnpaidOrders(now = new Date(), limit = 100): Promise<number> {
  const timeoutMinutes = getConfig().orderPaymentTimeoutMinutes;
  const cutoff = new Date(now.getTime() - timeoutMinutes * 60_000);
  const note = `payment not received within ${timeoutMinutes} minutes`;
  let expired = 0;
  for (const id of await findUnpaidOrderIds(cutoff, limit)) {
    if (await expireOrder(id, cutoff, note)) expired++;
  }
  return expired;
}

/** Admin: moves an order along its lifecycle, recording the step; `cancelled` goes through cancelOrder. */
export async function updateOrderStatus(
  actor: AuthContext,
  id: number,
  body: UpdateOrderStatusBody,
): Promise<OrderDto> {
  if (body.status === 'cancelled') return cancelOrder(actor, id, body.note);
  return withTransaction(async (transaction) => {
    const order = await findReachableOrder(actor, id, transaction);
    const previous = order.status;
    assertTransition(previous, body.status);
    await order.update(
      {
        status: body.status,
        ...(needsTracking(body.status)
          ? { carrier: body.carrier ?? null, tracking_number: body.tracking_number ?? null }
          : {}),
      },
      { transaction },
    );
    await OrderStatusEvent.create(
      {
        order_id: id,
        from_status: previous,
        to_status: body.status,
        note: body.note ?? null,
        at: new Date(),
      },
      { transaction },
    );
    const [dto] = await withItems([order], transaction);
    if (dto === undefined) throw notFound('Order', id);
    return dto;
  });
}
