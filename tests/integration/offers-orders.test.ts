import { getSequelize } from '../../src/database/sequelize';
import { Coupon } from '../../src/modules/offers/coupon.model';
import { CouponProduct } from '../../src/modules/offers/coupon-product.model';
import { CouponRedemption } from '../../src/modules/offers/coupon-redemption.model';
import { Sale } from '../../src/modules/offers/sale.model';
import { SaleProduct } from '../../src/modules/offers/sale-product.model';
import type { CouponTarget } from '../../src/modules/offers/coupon.model';
import type { SaleTarget } from '../../src/modules/offers/sale.model';
import { expireUnpaidOrders } from '../../src/modules/orders/order.service';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { countRows, useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag, stockOf } from '../helpers/factories';
import { api, expectProblem } from '../helpers/http';
import { Order, OrderItem } from '../helpers/models';

useTestDatabase();

const HOUR_MS = 3_600_000;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR_MS);

interface SaleFields {
  name?: string;
  percent_off?: number | null;
  amount_off?: number | null;
  starts_at?: Date;
  ends_at?: Date;
  product_ids?: number[];
  category_id?: number;
  tag_id?: number;
}

/** A sale written straight to its tables (the admin routes have their own tests), running now unless told. */
async function createSale({ product_ids, category_id, tag_id, ...fields }: SaleFields) {
  const target: SaleTarget =
    product_ids !== undefined
      ? 'products'
      : category_id !== undefined
        ? 'category'
        : tag_id !== undefined
          ? 'tag'
          : 'catalog';
  const sale = await Sale.create({
    name: 'Sale',
    percent_off: null,
    amount_off: null,
    starts_at: hoursFromNow(-1),
    ends_at: hoursFromNow(24),
    target,
    category_id: category_id ?? null,
    tag_id: tag_id ?? null,
    ...fields,
  });
  if (product_ids !== undefined) {
    await SaleProduct.bulkCreate(product_ids.map((product_id) => ({ sale_id: sale.id, product_id })));
  }
  return sale;
}

interface CouponFields {
  code?: string;
  percent_off?: number | null;
  amount_off?: number | null;
  starts_at?: Date | null;
  ends_at?: Date | null;
  usage_limit?: number | null;
  usage_limit_per_customer?: number | null;
  min_subtotal?: number | null;
  first_order_only?: boolean;
  product_ids?: number[];
  category_id?: number;
}

async function createCoupon({ product_ids, category_id, ...fields }: CouponFields) {
  const target: CouponTarget =
    product_ids !== undefined ? 'products' : category_id !== undefined ? 'category' : 'catalog';
  const coupon = await Coupon.create({
    code: 'SAVE10',
    percent_off: null,
    amount_off: null,
    starts_at: null,
    ends_at: null,
    usage_limit: null,
    usage_limit_per_customer: null,
    min_subtotal: null,
    target,
    category_id: category_id ?? null,
    ...fields,
  });
  if (product_ids !== undefined) {
    await CouponProduct.bulkCreate(product_ids.map((product_id) => ({ coupon_id: coupon.id, product_id })));
  }
  return coupon;
}

const timesUsed = async (couponId: number) => (await Coupon.findByPk(couponId))?.times_used;

let admin: SignedIn;
let alice: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
});

interface OrderBody {
  items: Array<{ product_id: number; quantity: number }>;
  coupon_code?: string;
  customer_id?: number;
}
const order = (client: SignedIn, body: OrderBody) => client.post('/api/orders').send(body);

describe('sale prices on product reads', () => {
  test('a percentage sale shows sale_price rounded half up to the cent, and sale_ends_at; price stays regular', async () => {
    // 10.05 x 0.85 = 8.5425 -> 8.54; 0.05 x 0.5 = 0.025 -> 0.03 (half up)
    const mug = await createProduct({ price: 10.05 });
    const pin = await createProduct({ price: 0.05 });
    const plain = await createProduct({ price: 3 });
    const ends = hoursFromNow(5);
    await createSale({ percent_off: 15, product_ids: [mug.id], ends_at: ends });
    await createSale({ percent_off: 50, product_ids: [pin.id] });

    const one = await api().get(`/api/products/${mug.id}`).expect(200);
    expect(one.body).toMatchObject({ price: 10.05, sale_price: 8.54, sale_ends_at: ends.toISOString() });
    const list = await api().get('/api/products').expect(200);
    const byId = new Map(
      (list.body as Array<{ id: number; sale_price: number | null }>).map((p) => [p.id, p.sale_price]),
    );
    expect(byId.get(mug.id)).toBe(8.54);
    expect(byId.get(pin.id)).toBe(0.03);
    expect(byId.get(plain.id)).toBeNull();
  });

  test('the lowest of several sales wins; an amount off never takes the price below 0.01', async () => {
    const tag = await createTag();
    const category = await createCategory();
    const product = await createProduct({ price: 20, category_id: category.id, tagIds: [tag.id] });
    const cheap = await createProduct({ price: 4, category_id: category.id });
    await createSale({ percent_off: 10 }); // whole catalog: 18.00, 3.60
    await createSale({ amount_off: 5, category_id: category.id }); // 15.00, 0.01 (never below)
    const longest = hoursFromNow(48);
    await createSale({ percent_off: 25, tag_id: tag.id, ends_at: longest }); // 15.00 too, lasts longer

    const read = await api().get(`/api/products/${product.id}`).expect(200);
    expect(read.body).toMatchObject({ sale_price: 15, sale_ends_at: longest.toISOString() });
    const floor = await api().get(`/api/products/${cheap.id}`).expect(200);
    expect(floor.body.sale_price).toBe(0.01);
  });

  test('sales that have not started or have ended are ignored, and a sale ends exactly at ends_at', async () => {
    const product = await createProduct({ price: 10 });
    await createSale({ percent_off: 50, starts_at: hoursFromNow(1), ends_at: hoursFromNow(2) });
    await createSale({ percent_off: 50, starts_at: hoursFromNow(-2), ends_at: hoursFromNow(-1) });
    const read = await api().get(`/api/products/${product.id}`).expect(200);
    expect(read.body).toMatchObject({ sale_price: null, sale_ends_at: null });
  });

  test('on_sale=true lists only products a running sale covers, with a true total; on_sale=false the rest', async () => {
    const tag = await createTag();
    const tagged = await createProduct({ tagIds: [tag.id] });
    const named = await createProduct();
    const other = await createProduct();
    await createSale({ percent_off: 10, tag_id: tag.id });
    await createSale({ percent_off: 10, product_ids: [named.id] });
    await createSale({ percent_off: 10, product_ids: [other.id], starts_at: hoursFromNow(1) });

    const onSale = await api().get('/api/products?on_sale=true&per_page=1').expect(200);
    expect(onSale.headers['x-total-count']).toBe('2');
    const all = await api().get('/api/products?on_sale=true').expect(200);
    expect((all.body as Array<{ id: number }>).map((p) => p.id)).toEqual([tagged.id, named.id]);
    const notOnSale = await api().get('/api/products?on_sale=false').expect(200);
    expect((notOnSale.body as Array<{ id: number }>).map((p) => p.id)).toEqual([other.id]);
    expectProblem(await api().get('/api/products?on_sale=yes'), 400, 'VALIDATION_FAILED');
  });
});

describe('a sale starting at T: the price is the one in effect when the order is placed', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Fakes only Date: the database driver's timers keep running on the real clock. */
  const setClock = (at: Date) => {
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
      now: at,
    });
  };

  test('an order at T - 1 ms pays the regular price; at T and after, the sale price; at ends_at, regular again', async () => {
    const product = await createProduct({ price: 40, stock: 100 });
    // A minute ahead, on the second (the admin's token, checked against the same clock, stays valid).
    const starts = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    const ends = new Date(starts.getTime() + HOUR_MS);
    await createSale({ percent_off: 25, product_ids: [product.id], starts_at: starts, ends_at: ends });
    const priceAt = async (at: Date) => {
      setClock(at);
      const placed = await order(admin, { items: [{ product_id: product.id, quantity: 1 }] }).expect(201);
      const read = await api().get(`/api/products/${product.id}`).expect(200);
      jest.useRealTimers();
      expect(placed.body.order_date).toBe(at.toISOString());
      return {
        paid: placed.body.items[0].unit_price as number,
        shown: read.body.sale_price as number | null,
      };
    };

    expect(await priceAt(new Date(starts.getTime() - 1))).toEqual({ paid: 40, shown: null });
    expect(await priceAt(starts)).toEqual({ paid: 30, shown: 30 });
    expect(await priceAt(new Date(ends.getTime() - 1))).toEqual({ paid: 30, shown: 30 });
    expect(await priceAt(ends)).toEqual({ paid: 40, shown: null });
    const paid = await OrderItem.findAll({ order: [['id', 'ASC']] });
    expect(paid.map((item) => item.unit_price)).toEqual([40, 30, 30, 40]);
  });
});

describe('POST /api/orders with a coupon', () => {
  test('a percentage coupon: the discount is shared between the lines in whole cents, and everything adds up', async () => {
    const a = await createProduct({ price: 3.33 });
    const b = await createProduct({ price: 3.33 });
    const c = await createProduct({ price: 3.34 });
    const coupon = await createCoupon({ code: 'THIRD', percent_off: 10 });
    const response = await order(alice, {
      items: [
        { product_id: a.id, quantity: 1 },
        { product_id: b.id, quantity: 1 },
        { product_id: c.id, quantity: 1 },
      ],
      coupon_code: ' third ',
    }).expect(201);

    // 10% of 10.00 = 1.00; shares of 0.333, 0.333, 0.334 -> 0.33, 0.33, 0.34 (the largest remainder gets the cent)
    expect(response.body).toMatchObject({
      subtotal: 10,
      discount_total: 1,
      coupon_code: 'THIRD',
      total: 9,
    });
    const discounts = (response.body.items as Array<{ discount: number }>).map((item) => item.discount);
    expect(discounts).toEqual([0.33, 0.33, 0.34]);
    const stored = await Order.findByPk(response.body.id as number);
    expect(stored).toMatchObject({ subtotal: 10, discount_total: 1, total: 9, coupon_code: 'THIRD' });
    const items = await OrderItem.findAll({ where: { order_id: response.body.id as number } });
    const cents = (n: number) => Math.round(n * 100);
    expect(items.reduce((sum, item) => sum + cents(item.line_total) - cents(item.discount), 0)).toBe(900);
    expect(await timesUsed(coupon.id)).toBe(1);
    expect(
      await CouponRedemption.count({ where: { coupon_id: coupon.id, customer_id: alice.customerId } }),
    ).toBe(1);
    const read = await alice.get(`/api/orders/${response.body.id}`).expect(200);
    expect(read.body).toEqual(response.body);
  });

  test('a fixed amount never makes the total negative; on sale items the coupon applies to the sale price', async () => {
    const product = await createProduct({ price: 10 });
    await createSale({ percent_off: 50, product_ids: [product.id] });
    await createCoupon({ code: 'BIG', amount_off: 25 });
    const response = await order(alice, {
      items: [{ product_id: product.id, quantity: 2 }],
      coupon_code: 'BIG',
    }).expect(201);
    expect(response.body).toMatchObject({ subtotal: 10, discount_total: 10, total: 0 });
    expect(response.body.items[0]).toMatchObject({ unit_price: 5, line_total: 10, discount: 10 });
  });

  test('a coupon limited to some products, or to a category, discounts only those lines', async () => {
    const category = await createCategory();
    const covered = await createProduct({ price: 20 });
    const inCategory = await createProduct({ price: 10, category_id: category.id });
    const other = await createProduct({ price: 50 });
    await createCoupon({ code: 'ONLY', percent_off: 50, product_ids: [covered.id] });
    await createCoupon({ code: 'CAT', amount_off: 4, category_id: category.id });
    const items = [
      { product_id: other.id, quantity: 1 },
      { product_id: covered.id, quantity: 1 },
      { product_id: inCategory.id, quantity: 1 },
    ];
    const only = await order(alice, { items, coupon_code: 'ONLY' }).expect(201);
    expect((only.body.items as Array<{ discount: number }>).map((item) => item.discount)).toEqual([0, 10, 0]);
    expect(only.body).toMatchObject({ subtotal: 80, discount_total: 10, total: 70 });
    const cat = await order(admin, { items, coupon_code: 'CAT' }).expect(201);
    expect((cat.body.items as Array<{ discount: number }>).map((item) => item.discount)).toEqual([0, 0, 4]);
  });

  describe('a coupon the order cannot use: 422 with its own code, pointer #/coupon_code, and nothing changes', () => {
    let productId: number;
    beforeEach(async () => {
      productId = (await createProduct({ price: 10, stock: 50, category_id: null })).id;
    });

    async function expectRefused(body: Partial<OrderBody>, code: string, client: SignedIn = alice) {
      const ordersBefore = await countRows('orders');
      const redemptionsBefore = await countRows('coupon_redemption');
      const stockBefore = await stockOf(productId);
      const response = await order(client, { items: [{ product_id: productId, quantity: 1 }], ...body });
      const problem = expectProblem(response, 422, code);
      expect(problem.errors).toEqual([{ pointer: '#/coupon_code', detail: expect.any(String) }]);
      expect(await countRows('orders')).toBe(ordersBefore);
      expect(await countRows('coupon_redemption')).toBe(redemptionsBefore);
      expect(await stockOf(productId)).toBe(stockBefore);
    }

    test('unknown code: COUPON_NOT_FOUND', async () => {
      await expectRefused({ coupon_code: 'NOPE' }, 'COUPON_NOT_FOUND');
    });

    test('not started, or ended: COUPON_NOT_ACTIVE', async () => {
      await createCoupon({ code: 'LATER', percent_off: 10, starts_at: hoursFromNow(1) });
      await createCoupon({ code: 'OVER', percent_off: 10, ends_at: hoursFromNow(-1) });
      await expectRefused({ coupon_code: 'later' }, 'COUPON_NOT_ACTIVE');
      await expectRefused({ coupon_code: 'OVER' }, 'COUPON_NOT_ACTIVE');
    });

    test('used up, or used up by this customer: COUPON_USAGE_LIMIT_REACHED', async () => {
      await createCoupon({ code: 'ONCE', percent_off: 10, usage_limit: 1 });
      await createCoupon({ code: 'EACH', percent_off: 10, usage_limit_per_customer: 1 });
      const bob = await signedInAs('customer');
      await order(bob, { items: [{ product_id: productId, quantity: 1 }], coupon_code: 'ONCE' }).expect(201);
      await expectRefused({ coupon_code: 'ONCE' }, 'COUPON_USAGE_LIMIT_REACHED');
      await order(alice, { items: [{ product_id: productId, quantity: 1 }], coupon_code: 'EACH' }).expect(
        201,
      );
      const stockNow = await stockOf(productId);
      const response = await order(alice, {
        items: [{ product_id: productId, quantity: 1 }],
        coupon_code: 'EACH',
      });
      expectProblem(response, 422, 'COUPON_USAGE_LIMIT_REACHED');
      expect(await stockOf(productId)).toBe(stockNow);
      // Another customer may still use it.
      await order(bob, { items: [{ product_id: productId, quantity: 1 }], coupon_code: 'EACH' }).expect(201);
    });

    test('a first-order coupon for a customer with an order, a subtotal below the minimum, no covered line: COUPON_NOT_APPLICABLE', async () => {
      const elsewhere = await createProduct({ price: 10 });
      await createCoupon({ code: 'FIRST', percent_off: 10, first_order_only: true });
      await createCoupon({ code: 'MIN', percent_off: 10, min_subtotal: 10.01 });
      await createCoupon({ code: 'OTHER', percent_off: 10, product_ids: [elsewhere.id] });
      await expectRefused({ coupon_code: 'MIN' }, 'COUPON_NOT_APPLICABLE');
      await expectRefused({ coupon_code: 'OTHER' }, 'COUPON_NOT_APPLICABLE');
      const bob = await signedInAs('customer');
      const first = await order(bob, { items: [{ product_id: elsewhere.id, quantity: 1 }] }).expect(201);
      const productStock = await stockOf(productId);
      expectProblem(
        await order(bob, { items: [{ product_id: productId, quantity: 1 }], coupon_code: 'FIRST' }),
        422,
        'COUPON_NOT_APPLICABLE',
      );
      expect(await stockOf(productId)).toBe(productStock);
      // A cancelled order does not count: the customer may then use the first-order coupon.
      await bob.post(`/api/orders/${first.body.id}/cancel`).send({}).expect(200);
      await order(bob, { items: [{ product_id: productId, quantity: 1 }], coupon_code: 'FIRST' }).expect(201);
    });

    test('a coupon code that is not a string, or empty, is a 400', async () => {
      for (const coupon_code of [42, '', 'X'.repeat(41)]) {
        const response = await alice
          .post('/api/orders')
          .send({ items: [{ product_id: productId, quantity: 1 }], coupon_code });
        const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(problem.errors?.[0]?.pointer).toBe('#/coupon_code');
      }
    });
  });

  test('cancelling gives the coupon back once, however many cancels race; expiry gives it back too', async () => {
    const product = await createProduct({ price: 10, stock: 10 });
    const coupon = await createCoupon({ code: 'ONE', percent_off: 10, usage_limit: 1 });
    const placed = await order(alice, {
      items: [{ product_id: product.id, quantity: 1 }],
      coupon_code: 'ONE',
    }).expect(201);
    expect(await timesUsed(coupon.id)).toBe(1);
    const cancels = await Promise.all(
      Array.from({ length: 8 }, () => alice.post(`/api/orders/${placed.body.id}/cancel`).send({})),
    );
    expect(cancels.filter((response) => response.status === 200)).toHaveLength(1);
    expect(cancels.filter((response) => response.status === 409)).toHaveLength(7);
    expect(await timesUsed(coupon.id)).toBe(0);
    expect(await CouponRedemption.count()).toBe(0);

    const again = await order(alice, {
      items: [{ product_id: product.id, quantity: 1 }],
      coupon_code: 'ONE',
    }).expect(201);
    expect(await timesUsed(coupon.id)).toBe(1);
    await getSequelize().query("UPDATE orders SET order_date = '2000-01-01' WHERE id = :id", {
      replacements: { id: again.body.id as number },
    });
    expect(await expireUnpaidOrders()).toBe(1);
    expect(await timesUsed(coupon.id)).toBe(0);
    expect(await CouponRedemption.count()).toBe(0);
  });

  test('an idempotent retry redeems once, and the same key with another coupon is a 409', async () => {
    const product = await createProduct({ price: 10, stock: 10 });
    const coupon = await createCoupon({ code: 'KEYED', percent_off: 10 });
    const body = { items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'KEYED' };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => alice.post('/api/orders').set('Idempotency-Key', 'retry-1').send(body)),
    );
    const ids = new Set(responses.map((response) => response.body.id as number));
    expect(responses.every((response) => response.status === 201 || response.status === 409)).toBe(true);
    expect(ids.size).toBeLessThanOrEqual(2); // the order's id, and undefined for an in-progress 409
    expect(await timesUsed(coupon.id)).toBe(1);
    expect(await Order.count()).toBe(1);
    const retry = await alice.post('/api/orders').set('Idempotency-Key', 'retry-1').send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await timesUsed(coupon.id)).toBe(1);
    const other = await alice
      .post('/api/orders')
      .set('Idempotency-Key', 'retry-1')
      .send({ ...body, coupon_code: 'OTHER' });
    expectProblem(other, 409, 'CONFLICT');
  });
});

describe('coupon limits hold under concurrency', () => {
  test('usage_limit 5 and 40 simultaneous orders from 40 customers: exactly 5 redeemed', async () => {
    const product = await createProduct({ price: 10, stock: 1000, low_stock_threshold: 0 });
    const coupon = await createCoupon({ code: 'FIVE', percent_off: 10, usage_limit: 5 });
    const customers = await Promise.all(Array.from({ length: 40 }, () => signedInAs('customer')));
    const responses = await Promise.all(
      customers.map((customer) =>
        order(customer, { items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'FIVE' }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expectProblem(response, 422, 'COUPON_USAGE_LIMIT_REACHED');
    }
    expect(await timesUsed(coupon.id)).toBe(5);
    expect(await CouponRedemption.count({ where: { coupon_id: coupon.id } })).toBe(5);
    expect(await Order.count()).toBe(5);
    expect(await stockOf(product.id)).toBe(995);
  });

  test('usage_limit_per_customer 1 and 20 simultaneous orders by one customer: exactly 1', async () => {
    const product = await createProduct({ price: 10, stock: 1000, low_stock_threshold: 0 });
    const coupon = await createCoupon({ code: 'MINE', percent_off: 10, usage_limit_per_customer: 1 });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        order(alice, { items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'MINE' }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expectProblem(response, 422, 'COUPON_USAGE_LIMIT_REACHED');
    }
    expect(await timesUsed(coupon.id)).toBe(1);
    expect(await CouponRedemption.count()).toBe(1);
  });

  test('a first_order_only coupon and 10 simultaneous first orders by one customer: exactly 1', async () => {
    const product = await createProduct({ price: 10, stock: 1000, low_stock_threshold: 0 });
    const coupon = await createCoupon({ code: 'HELLO', percent_off: 10, first_order_only: true });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        order(alice, { items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'HELLO' }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expectProblem(response, 422, 'COUPON_NOT_APPLICABLE');
    }
    expect(await timesUsed(coupon.id)).toBe(1);
    expect(await Order.count({ where: { customer_id: alice.customerId } })).toBe(1);
  });
});

describe('POST /api/orders/quote', () => {
  test('answers what the order would be now, with sale prices and the coupon, and changes nothing', async () => {
    const shirt = await createProduct({ price: 20, stock: 5 });
    const hat = await createProduct({ price: 5, stock: 1 });
    await createSale({ percent_off: 25, product_ids: [shirt.id] });
    const coupon = await createCoupon({ code: 'QUOTE', amount_off: 2, usage_limit: 1 });
    const ordersBefore = await countRows('orders');

    const response = await alice
      .post('/api/orders/quote')
      .send({
        items: [
          { product_id: shirt.id, quantity: 2 },
          { product_id: hat.id, quantity: 3 },
        ],
        coupon_code: 'quote',
      })
      .expect(200);
    // Subtotal 30 + 15 = 45; 2.00 off shared 30:15 -> 1.33 and 0.67 (largest remainder).
    expect(response.body).toEqual({
      customer_id: alice.customerId,
      quoted_at: expect.any(String),
      items: [
        {
          product_id: shirt.id,
          product_name: shirt.product_name,
          unit_price: 15,
          regular_price: 20,
          quantity: 2,
          line_total: 30,
          discount: 1.33,
          in_stock: true,
        },
        {
          product_id: hat.id,
          product_name: hat.product_name,
          unit_price: 5,
          regular_price: 5,
          quantity: 3,
          line_total: 15,
          discount: 0.67,
          in_stock: false,
        },
      ],
      subtotal: 45,
      discount_total: 2,
      coupon_code: 'QUOTE',
      coupon_problem: null,
      total: 43,
    });
    expect(await countRows('orders')).toBe(ordersBefore);
    expect(await stockOf(shirt.id)).toBe(5);
    expect(await timesUsed(coupon.id)).toBe(0);
  });

  test('a coupon the order would refuse is reported in coupon_problem, with totals without it', async () => {
    const product = await createProduct({ price: 10 });
    await createCoupon({ code: 'LATE', percent_off: 10, starts_at: hoursFromNow(2) });
    const response = await alice
      .post('/api/orders/quote')
      .send({ items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'late' })
      .expect(200);
    expect(response.body).toMatchObject({
      subtotal: 10,
      discount_total: 0,
      total: 10,
      coupon_code: 'LATE',
      coupon_problem: { code: 'COUPON_NOT_ACTIVE', detail: expect.any(String) },
    });
    const unknown = await alice
      .post('/api/orders/quote')
      .send({ items: [{ product_id: product.id, quantity: 1 }], coupon_code: 'nothing' })
      .expect(200);
    expect(unknown.body.coupon_problem.code).toBe('COUPON_NOT_FOUND');
  });

  test('an unknown product is a 422, a bad body a 400, and an anonymous caller a 401', async () => {
    const unknown = await alice
      .post('/api/orders/quote')
      .send({ items: [{ product_id: 999999, quantity: 1 }] });
    expect(expectProblem(unknown, 422, 'REFERENCE_NOT_FOUND').errors?.[0]?.pointer).toBe(
      '#/items/0/product_id',
    );
    expectProblem(await alice.post('/api/orders/quote').send({ items: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await api()
        .post('/api/orders/quote')
        .send({ items: [{ product_id: 1, quantity: 1 }] }),
      401,
      'UNAUTHENTICATED',
    );
  });

  test("an admin quotes for a customer; another customer's id is a 404 for a customer", async () => {
    const product = await createProduct({ price: 10 });
    await createCoupon({ code: 'FIRST', percent_off: 10, first_order_only: true });
    await order(alice, { items: [{ product_id: product.id, quantity: 1 }] }).expect(201);
    const forAlice = await admin
      .post('/api/orders/quote')
      .send({
        customer_id: alice.customerId,
        items: [{ product_id: product.id, quantity: 1 }],
        coupon_code: 'FIRST',
      })
      .expect(200);
    expect(forAlice.body.coupon_problem.code).toBe('COUPON_NOT_APPLICABLE');
    const bob = await signedInAs('customer');
    expectProblem(
      await bob
        .post('/api/orders/quote')
        .send({ customer_id: alice.customerId, items: [{ product_id: product.id, quantity: 1 }] }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await admin
        .post('/api/orders/quote')
        .send({ customer_id: 999999, items: [{ product_id: product.id, quantity: 1 }] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
  });
});
