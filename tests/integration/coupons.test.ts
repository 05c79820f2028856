import { Coupon, CouponProduct } from '../../src/modules/offers';
import { CouponRedemption } from '../../src/modules/offers/coupon-redemption.model';
import { Order } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { createCategory, createProduct } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

const DAY_MS = 24 * 60 * 60 * 1000;
/** A moment `days` from now, as the API writes it. */
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

let admin: SignedIn;
let customer: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  customer = await signedInAs('customer');
});

interface CouponBody {
  id: number;
  code: string;
  product_ids: number[];
  updated_at: string;
  [field: string]: unknown;
}

let codes = 0;

/** A coupon made through the API: 10% off the whole catalog, no dates, no limits, unless told otherwise. */
async function createCoupon(overrides: Record<string, unknown> = {}): Promise<CouponBody> {
  const response = await admin
    .post('/api/coupons')
    .send({ code: `CODE-${++codes}`, percent_off: 10, ...overrides });
  expect(response.status).toBe(201);
  return response.body as CouponBody;
}

const couponProductIds = async (couponId: number) =>
  (await CouponProduct.findAll({ where: { coupon_id: couponId }, order: [['product_id', 'ASC']] })).map(
    (link) => link.product_id,
  );

describe('POST /api/coupons', () => {
  test('an admin creates a coupon (201, Location): the code trimmed and upper-cased, the defaults filled in', async () => {
    const response = await admin.post('/api/coupons').send({ code: ' welcome_10 ', percent_off: 10 });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      code: 'WELCOME_10',
      percent_off: 10,
      amount_off: null,
      starts_at: null,
      ends_at: null,
      usage_limit: null,
      usage_limit_per_customer: null,
      min_subtotal: null,
      first_order_only: false,
      applies_to: 'catalog',
      product_ids: [],
      category_id: null,
      times_used: 0,
      active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(response.headers.location).toBe(`/api/coupons/${response.body.id}`);
    expect((await Coupon.findByPk(response.body.id))?.toJSON()).toMatchObject({
      code: 'WELCOME_10',
      target: 'catalog',
      times_used: 0,
      first_order_only: false,
    });
    expect((await admin.get(`/api/coupons/${response.body.id}`)).body).toEqual(response.body);
  });

  test('every field: an amount, dates in UTC, limits, a minimum subtotal, first orders only, some products', async () => {
    const [a, b] = [await createProduct(), await createProduct()];
    const response = await admin.post('/api/coupons').send({
      code: 'BIG-5',
      amount_off: 5,
      starts_at: '2026-12-01T02:00:00+02:00',
      ends_at: '2027-01-01T00:00:00Z',
      usage_limit: 100,
      usage_limit_per_customer: 2,
      min_subtotal: '25.50',
      first_order_only: true,
      product_ids: [b.id, a.id, b.id],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: 'BIG-5',
      percent_off: null,
      amount_off: 5,
      starts_at: '2026-12-01T00:00:00.000Z',
      ends_at: '2027-01-01T00:00:00.000Z',
      usage_limit: 100,
      usage_limit_per_customer: 2,
      min_subtotal: 25.5,
      first_order_only: true,
      applies_to: 'products',
      product_ids: [a.id, b.id],
      category_id: null,
    });
    expect(await couponProductIds(response.body.id)).toEqual([a.id, b.id]);
    const row = await Coupon.findByPk(response.body.id);
    expect(row?.toJSON()).toMatchObject({ amount_off: 5, min_subtotal: 25.5, usage_limit: 100 });
    expect(row?.starts_at?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  test('a coupon on a category records it; 100% off is allowed', async () => {
    const category = await createCategory();
    const coupon = await createCoupon({ percent_off: 100, category_id: category.id, product_ids: null });
    expect(coupon).toMatchObject({ percent_off: 100, applies_to: 'category', category_id: category.id });
    expect((await Coupon.findByPk(coupon.id))?.target).toBe('category');
  });

  test('active: started or no start, not ended or no end', async () => {
    expect((await createCoupon({ starts_at: daysFromNow(-1) })).active).toBe(true);
    expect((await createCoupon({ ends_at: daysFromNow(1) })).active).toBe(true);
    expect((await createCoupon({ starts_at: daysFromNow(1) })).active).toBe(false);
    expect((await createCoupon({ ends_at: daysFromNow(-1) })).active).toBe(false);
  });

  test('a code taken, in any letter case, is a 409 pointing at code', async () => {
    await createCoupon({ code: 'SUMMER' });
    const problem = expectProblem(
      await admin.post('/api/coupons').send({ code: 'summer', amount_off: 2 }),
      409,
      'CONFLICT',
    );
    expect(problem.errors).toEqual([{ pointer: '#/code', detail: 'is already taken' }]);
    expect(await countRows('coupon')).toBe(1);
  });

  test.each([
    ['no code', { code: undefined }, '#/code'],
    ['a code of 2 characters', { code: 'AB' }, '#/code'],
    ['a code of 41 characters', { code: 'A'.repeat(41) }, '#/code'],
    ['a code with a space', { code: 'TEN OFF' }, '#/code'],
    ['a code with other punctuation', { code: 'TEN%' }, '#/code'],
    ['a code that is not a string', { code: 12345 }, '#/code'],
    ['neither percent_off nor amount_off', { percent_off: undefined }, '#/percent_off'],
    ['both percent_off and amount_off', { amount_off: 5 }, '#/amount_off'],
    ['percent_off 0', { percent_off: 0 }, '#/percent_off'],
    ['percent_off above 100', { percent_off: 101 }, '#/percent_off'],
    ['amount_off 0', { percent_off: undefined, amount_off: 0 }, '#/amount_off'],
    ['a negative min_subtotal', { min_subtotal: -1 }, '#/min_subtotal'],
    ['min_subtotal with three decimals', { min_subtotal: 1.005 }, '#/min_subtotal'],
    ['usage_limit 0', { usage_limit: 0 }, '#/usage_limit'],
    ['usage_limit_per_customer 0', { usage_limit_per_customer: 0 }, '#/usage_limit_per_customer'],
    ['a fractional usage_limit', { usage_limit: 1.5 }, '#/usage_limit'],
    ['first_order_only as a string', { first_order_only: 'yes' }, '#/first_order_only'],
    ['ends_at before starts_at', { starts_at: daysFromNow(2), ends_at: daysFromNow(1) }, '#/ends_at'],
    ['a time without an offset', { starts_at: '2026-12-01T00:00:00' }, '#/starts_at'],
    ['an empty product list', { product_ids: [] }, '#/product_ids'],
    ['two targets', { product_ids: [1], category_id: 1 }, '#/category_id'],
    ['a tag target, which coupons do not have', { tag_id: 1 }, '#/tag_id'],
    ['times_used', { times_used: 5 }, '#/times_used'],
  ])('%s is a 400 pointing at the field, and nothing is created', async (_case, overrides, pointer) => {
    const problem = expectProblem(
      await admin.post('/api/coupons').send({ code: 'TEN-OFF', percent_off: 10, ...overrides }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect(await countRows('coupon')).toBe(0);
  });

  test('unknown products or an unknown category are a 422 pointing at them, and nothing is written', async () => {
    const product = await createProduct();
    const products = expectProblem(
      await admin
        .post('/api/coupons')
        .send({ code: 'TEN-OFF', percent_off: 10, product_ids: [product.id, 999999] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(products.errors).toEqual([
      { pointer: '#/product_ids/1', detail: 'product 999999 does not exist' },
    ]);
    const category = expectProblem(
      await admin.post('/api/coupons').send({ code: 'TEN-OFF', percent_off: 10, category_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(category.errors).toEqual([{ pointer: '#/category_id', detail: 'category 999999 does not exist' }]);
    expect(await countRows('coupon')).toBe(0);
    expect(await countRows('coupon_product')).toBe(0);
  });

  test('without a token 401, as a customer 403, and nothing is created', async () => {
    const body = { code: 'TEN-OFF', percent_off: 10 };
    expectProblem(await api().post('/api/coupons').send(body), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.post('/api/coupons').send(body), 403, 'FORBIDDEN');
    expect(await countRows('coupon')).toBe(0);
  });
});

describe('GET /api/coupons', () => {
  test('pages newest first, with X-Total-Count and a Link header', async () => {
    const [first, second, third] = [await createCoupon(), await createCoupon(), await createCoupon()];
    const page1 = await admin.get('/api/coupons?page=1&per_page=2');
    expect(page1.status).toBe(200);
    expect(page1.body.map((coupon: CouponBody) => coupon.id)).toEqual([third.id, second.id]);
    expect(page1.headers['x-total-count']).toBe('3');
    expect(page1.headers.link as string).toContain('page=2&per_page=2>; rel="next"');
    const page2 = await admin.get('/api/coupons?page=2&per_page=2');
    expect(page2.body).toEqual([first]);
  });

  test('code= finds the one coupon with that code, ignoring letter case', async () => {
    const product = await createProduct();
    const wanted = await createCoupon({ code: 'WINTER-24', product_ids: [product.id] });
    await createCoupon({ code: 'WINTER-25' });
    const found = await admin.get('/api/coupons?code=winter-24');
    expect(found.body).toEqual([wanted]);
    expect(found.headers['x-total-count']).toBe('1');
    expect((await admin.get('/api/coupons?code=WINTER')).body).toEqual([]);
    const bad = expectProblem(await admin.get('/api/coupons?code=no%20way'), 400, 'VALIDATION_FAILED');
    expect(bad.errors).toEqual([expect.objectContaining({ parameter: 'code' })]);
  });

  test('active=true lists the coupons within their dates now; active=false the others', async () => {
    const open = await createCoupon();
    const started = await createCoupon({ starts_at: daysFromNow(-1), ends_at: daysFromNow(1) });
    const future = await createCoupon({ starts_at: daysFromNow(1) });
    const ended = await createCoupon({ ends_at: daysFromNow(-1) });
    const active = await admin.get('/api/coupons?active=true');
    expect(active.body.map((coupon: CouponBody) => coupon.id)).toEqual([started.id, open.id]);
    const inactive = await admin.get('/api/coupons?active=false');
    expect(inactive.body.map((coupon: CouponBody) => coupon.id)).toEqual([ended.id, future.id]);
    expect(inactive.headers['x-total-count']).toBe('2');
    const both = await admin.get(`/api/coupons?active=true&code=${started.code}`);
    expect(both.body.map((coupon: CouponBody) => coupon.id)).toEqual([started.id]);
    expect((await admin.get(`/api/coupons?active=false&code=${started.code}`)).body).toEqual([]);
    expectProblem(await admin.get('/api/coupons?active=1'), 400, 'VALIDATION_FAILED');
  });

  test('without a token 401, as a customer 403', async () => {
    expectProblem(await api().get('/api/coupons'), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.get('/api/coupons'), 403, 'FORBIDDEN');
  });
});

describe('GET /api/coupons/:id', () => {
  test('an unknown id is a 404, a malformed one a 400', async () => {
    const missing = expectProblem(await admin.get('/api/coupons/999999'), 404, 'NOT_FOUND');
    expect(missing.detail).toBe('Coupon 999999 does not exist');
    expectProblem(await admin.get('/api/coupons/0'), 400, 'VALIDATION_FAILED');
  });

  test('without a token 401, as a customer 403', async () => {
    const coupon = await createCoupon();
    expectProblem(await api().get(`/api/coupons/${coupon.id}`), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.get(`/api/coupons/${coupon.id}`), 403, 'FORBIDDEN');
  });
});

describe('PUT /api/coupons/:id', () => {
  test('changes only what is sent; a new code is upper-cased', async () => {
    const product = await createProduct();
    const coupon = await createCoupon({ code: 'OLD', usage_limit: 10, product_ids: [product.id] });
    const response = await admin.put(`/api/coupons/${coupon.id}`).send({ code: 'new-code', usage_limit: 20 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...coupon,
      code: 'NEW-CODE',
      usage_limit: 20,
      updated_at: expect.any(String),
    });
    expect((await Coupon.findByPk(coupon.id))?.toJSON()).toMatchObject({ code: 'NEW-CODE', usage_limit: 20 });
    expect(await couponProductIds(coupon.id)).toEqual([product.id]);
  });

  test('keeping its own code is fine; taking another coupon’s code, in any case, is a 409', async () => {
    const coupon = await createCoupon({ code: 'MINE' });
    await createCoupon({ code: 'THEIRS' });
    expect((await admin.put(`/api/coupons/${coupon.id}`).send({ code: 'mine' })).status).toBe(200);
    const problem = expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send({ code: 'theirs' }),
      409,
      'CONFLICT',
    );
    expect(problem.errors).toEqual([{ pointer: '#/code', detail: 'is already taken' }]);
    expect((await Coupon.findByPk(coupon.id))?.code).toBe('MINE');
  });

  test('times_used cannot be set (400), and stays what orders made it', async () => {
    const coupon = await createCoupon();
    await Coupon.update({ times_used: 3 }, { where: { id: coupon.id } });
    const problem = expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send({ usage_limit: 5, times_used: 0 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ pointer: '#/times_used', detail: 'unknown field' }]);
    expect((await Coupon.findByPk(coupon.id))?.toJSON()).toMatchObject({ usage_limit: null, times_used: 3 });
    const updated = await admin.put(`/api/coupons/${coupon.id}`).send({ usage_limit: 5 });
    expect(updated.body).toMatchObject({ usage_limit: 5, times_used: 3 });
    expect((await Coupon.findByPk(coupon.id))?.times_used).toBe(3);
  });

  test('a reduction sent replaces the old one; dates and limits can be cleared with null', async () => {
    const coupon = await createCoupon({
      percent_off: 10,
      ends_at: '2027-01-01T00:00:00Z',
      usage_limit: 5,
      min_subtotal: 20,
    });
    const response = await admin
      .put(`/api/coupons/${coupon.id}`)
      .send({ amount_off: 4, ends_at: null, usage_limit: null, min_subtotal: null, first_order_only: true });
    expect(response.body).toMatchObject({
      percent_off: null,
      amount_off: 4,
      ends_at: null,
      usage_limit: null,
      min_subtotal: null,
      first_order_only: true,
    });
    expect((await Coupon.findByPk(coupon.id))?.toJSON()).toMatchObject({
      percent_off: null,
      amount_off: 4,
      ends_at: null,
      usage_limit: null,
      min_subtotal: null,
      first_order_only: true,
    });
  });

  test('a target sent replaces the old one; both null is the whole catalog', async () => {
    const [a, b] = [await createProduct(), await createProduct()];
    const category = await createCategory();
    const coupon = await createCoupon({ product_ids: [a.id] });
    const swapped = await admin.put(`/api/coupons/${coupon.id}`).send({ product_ids: [b.id] });
    expect(swapped.body).toMatchObject({ applies_to: 'products', product_ids: [b.id] });
    expect(await couponProductIds(coupon.id)).toEqual([b.id]);
    const onCategory = await admin.put(`/api/coupons/${coupon.id}`).send({ category_id: category.id });
    expect(onCategory.body).toMatchObject({
      applies_to: 'category',
      category_id: category.id,
      product_ids: [],
    });
    expect(await couponProductIds(coupon.id)).toEqual([]);
    const onCatalog = await admin
      .put(`/api/coupons/${coupon.id}`)
      .send({ product_ids: null, category_id: null });
    expect(onCatalog.body).toMatchObject({ applies_to: 'catalog', category_id: null });
    expect((await Coupon.findByPk(coupon.id))?.target).toBe('catalog');
  });

  test('the merged dates must keep starts_at before ends_at', async () => {
    const coupon = await createCoupon({ starts_at: '2026-12-01T00:00:00Z' });
    const problem = expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send({ ends_at: '2026-11-30T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([
      { pointer: '#/ends_at', detail: 'must be after starts_at (2026-12-01T00:00:00.000Z)' },
    ]);
    expect((await Coupon.findByPk(coupon.id))?.ends_at).toBeNull();
    const opened = await admin
      .put(`/api/coupons/${coupon.id}`)
      .send({ starts_at: null, ends_at: '2026-11-30T00:00:00Z' });
    expect(opened.body).toMatchObject({ starts_at: null, ends_at: '2026-11-30T00:00:00.000Z' });
  });

  test.each([
    ['both reductions', { percent_off: 10, amount_off: 2 }, '#/amount_off'],
    ['amount_off null alone', { amount_off: null }, '#/amount_off'],
    ['a bad code', { code: 'x' }, '#/code'],
    ['two targets', { product_ids: [1], category_id: 1 }, '#/category_id'],
    ['first_order_only null', { first_order_only: null }, '#/first_order_only'],
    ['an empty body', {}, '#'],
  ])('%s is a 400 pointing at the field, and the coupon is unchanged', async (_case, body, pointer) => {
    const coupon = await createCoupon();
    const before = (await Coupon.findByPk(coupon.id))?.toJSON();
    const problem = expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send(body),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect((await Coupon.findByPk(coupon.id))?.toJSON()).toEqual(before);
  });

  test('an unknown product or category is a 422, and the coupon and its links are unchanged', async () => {
    const product = await createProduct();
    const coupon = await createCoupon({ product_ids: [product.id] });
    const products = expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send({ code: 'CHANGED', product_ids: [999999] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(products.errors).toEqual([
      { pointer: '#/product_ids/0', detail: 'product 999999 does not exist' },
    ]);
    expectProblem(
      await admin.put(`/api/coupons/${coupon.id}`).send({ category_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(await couponProductIds(coupon.id)).toEqual([product.id]);
    expect((await Coupon.findByPk(coupon.id))?.toJSON()).toMatchObject({
      code: coupon.code,
      target: 'products',
    });
  });

  test('an unknown id is a 404; without a token 401, as a customer 403', async () => {
    expectProblem(await admin.put('/api/coupons/999999').send({ usage_limit: 1 }), 404, 'NOT_FOUND');
    const coupon = await createCoupon();
    expectProblem(
      await api().put(`/api/coupons/${coupon.id}`).send({ usage_limit: 1 }),
      401,
      'UNAUTHENTICATED',
    );
    expectProblem(await customer.put(`/api/coupons/${coupon.id}`).send({ usage_limit: 1 }), 403, 'FORBIDDEN');
    expect((await Coupon.findByPk(coupon.id))?.usage_limit).toBeNull();
  });
});

describe('DELETE /api/coupons/:id', () => {
  test('removes the coupon with its links and redemptions (204); the order keeps its coupon_code', async () => {
    const product = await createProduct();
    const coupon = await createCoupon({ code: 'GONE', product_ids: [product.id] });
    const order = await Order.create({
      customer_id: customer.customerId,
      order_date: new Date(),
      expected_delivery_date: '2027-01-05',
      subtotal: 10,
      discount_total: 1,
      coupon_code: 'GONE',
      total: 9,
    });
    await CouponRedemption.create({
      coupon_id: coupon.id,
      order_id: order.id,
      customer_id: customer.customerId,
    });

    const response = await admin.delete(`/api/coupons/${coupon.id}`);
    expect(response.status).toBe(204);
    expect(await Coupon.findByPk(coupon.id)).toBeNull();
    expect(await countRows('coupon_product')).toBe(0);
    expect(await countRows('coupon_redemption')).toBe(0);
    expect((await Order.findByPk(order.id))?.coupon_code).toBe('GONE');
    expectProblem(await admin.get(`/api/coupons/${coupon.id}`), 404, 'NOT_FOUND');
  });

  test('an unknown id is a 404; without a token 401, as a customer 403, and the coupon stays', async () => {
    expectProblem(await admin.delete('/api/coupons/999999'), 404, 'NOT_FOUND');
    const coupon = await createCoupon();
    expectProblem(await api().delete(`/api/coupons/${coupon.id}`), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.delete(`/api/coupons/${coupon.id}`), 403, 'FORBIDDEN');
    expect(await countRows('coupon')).toBe(1);
  });
});
