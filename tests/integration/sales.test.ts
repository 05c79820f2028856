import { Sale, SaleProduct } from '../../src/modules/offers';
import { countRows, useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

const DAY_MS = 24 * 60 * 60 * 1000;
/** A moment `days` from now, as the API writes it. */
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

const RUNNING = { starts_at: daysFromNow(-1), ends_at: daysFromNow(1) };
const FUTURE = { starts_at: daysFromNow(1), ends_at: daysFromNow(2) };
const ENDED = { starts_at: daysFromNow(-2), ends_at: daysFromNow(-1) };

let admin: SignedIn;
let customer: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  customer = await signedInAs('customer');
});

interface SaleBody {
  id: number;
  product_ids: number[];
  updated_at: string;
  [field: string]: unknown;
}

/** A sale made through the API: 20% off the whole catalog, running now, unless told otherwise. */
async function createSale(overrides: Record<string, unknown> = {}): Promise<SaleBody> {
  const response = await admin
    .post('/api/sales')
    .send({ name: 'Sale', percent_off: 20, ...RUNNING, ...overrides });
  expect(response.status).toBe(201);
  return response.body as SaleBody;
}

const saleProductIds = async (saleId: number) =>
  (await SaleProduct.findAll({ where: { sale_id: saleId }, order: [['product_id', 'ASC']] })).map(
    (link) => link.product_id,
  );

describe('POST /api/sales', () => {
  test('an admin creates a sale on the whole catalog (201, Location); times with an offset are stored in UTC', async () => {
    const response = await admin.post('/api/sales').send({
      name: ' Winter sale ',
      percent_off: 20,
      starts_at: '2026-12-01T01:00:00+01:00',
      ends_at: '2027-01-01T00:00:00Z',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      name: 'Winter sale',
      percent_off: 20,
      amount_off: null,
      starts_at: '2026-12-01T00:00:00.000Z',
      ends_at: '2027-01-01T00:00:00.000Z',
      applies_to: 'catalog',
      product_ids: [],
      category_id: null,
      tag_id: null,
      active: expect.any(Boolean),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(response.headers.location).toBe(`/api/sales/${response.body.id}`);
    const row = await Sale.findByPk(response.body.id);
    expect(row?.toJSON()).toMatchObject({
      name: 'Winter sale',
      percent_off: 20,
      amount_off: null,
      target: 'catalog',
      category_id: null,
      tag_id: null,
    });
    expect(row?.starts_at.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect((await admin.get(`/api/sales/${response.body.id}`)).body).toEqual(response.body);
  });

  test('a sale on products stores each product once and returns them sorted; amount_off comes back as money', async () => {
    const [a, b, c] = [await createProduct(), await createProduct(), await createProduct()];
    const sale = await createSale({
      percent_off: undefined,
      amount_off: '5.50',
      product_ids: [c.id, a.id, c.id, b.id],
    });
    expect(sale).toMatchObject({
      percent_off: null,
      amount_off: 5.5,
      applies_to: 'products',
      product_ids: [a.id, b.id, c.id],
      active: true,
    });
    expect(await saleProductIds(sale.id)).toEqual([a.id, b.id, c.id]);
    expect((await Sale.findByPk(sale.id))?.amount_off).toBe(5.5);
  });

  test('a sale on a category or on a tag records that target', async () => {
    const category = await createCategory();
    const tag = await createTag();
    const onCategory = await createSale({ category_id: category.id, tag_id: null });
    expect(onCategory).toMatchObject({ applies_to: 'category', category_id: category.id, tag_id: null });
    const onTag = await createSale({ tag_id: tag.id });
    expect(onTag).toMatchObject({ applies_to: 'tag', category_id: null, tag_id: tag.id, product_ids: [] });
    expect((await Sale.findByPk(onTag.id))?.target).toBe('tag');
    expect(await countRows('sale_product')).toBe(0);
  });

  test('active says whether the sale runs now', async () => {
    expect((await createSale(RUNNING)).active).toBe(true);
    expect((await createSale(FUTURE)).active).toBe(false);
    expect((await createSale(ENDED)).active).toBe(false);
  });

  test.each([
    ['neither percent_off nor amount_off', { percent_off: undefined }, '#/percent_off'],
    ['both percent_off and amount_off', { amount_off: 5 }, '#/amount_off'],
    ['both sent as null', { percent_off: null, amount_off: null }, '#/percent_off'],
    ['percent_off 0', { percent_off: 0 }, '#/percent_off'],
    ['percent_off above 90', { percent_off: 91 }, '#/percent_off'],
    ['a fractional percent_off', { percent_off: 12.5 }, '#/percent_off'],
    ['amount_off 0', { percent_off: undefined, amount_off: 0 }, '#/amount_off'],
    ['amount_off with three decimals', { percent_off: undefined, amount_off: 1.234 }, '#/amount_off'],
    ['no name', { name: undefined }, '#/name'],
    ['an empty name', { name: '   ' }, '#/name'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, '#/name'],
    ['ends_at equal to starts_at', { ends_at: RUNNING.starts_at }, '#/ends_at'],
    ['ends_at before starts_at', { starts_at: FUTURE.ends_at, ends_at: FUTURE.starts_at }, '#/ends_at'],
    ['no ends_at', { ends_at: undefined }, '#/ends_at'],
    ['a time without an offset', { starts_at: '2026-12-01T00:00:00' }, '#/starts_at'],
    ['a date alone', { ends_at: '2027-01-01' }, '#/ends_at'],
    ['an impossible date', { ends_at: '2027-02-30T00:00:00Z' }, '#/ends_at'],
    ['a year past 9999 in UTC', { ends_at: '9999-12-31T23:00:00-05:00' }, '#/ends_at'],
    ['an empty product list', { product_ids: [] }, '#/product_ids'],
    [
      'more than 1000 products',
      { product_ids: Array.from({ length: 1001 }, (_, i) => i + 1) },
      '#/product_ids',
    ],
    ['a product id that is not an id', { product_ids: [1, 'x'] }, '#/product_ids/1'],
    ['two targets', { product_ids: [1], category_id: 1 }, '#/category_id'],
    ['a category id of 0', { category_id: 0 }, '#/category_id'],
    ['an unknown field', { active: true }, '#/active'],
  ])('%s is a 400 pointing at the field, and nothing is created', async (_case, overrides, pointer) => {
    const problem = expectProblem(
      await admin.post('/api/sales').send({ name: 'Sale', percent_off: 20, ...RUNNING, ...overrides }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect(await countRows('sale')).toBe(0);
  });

  test('three targets name the two that are one too many', async () => {
    const problem = expectProblem(
      await admin
        .post('/api/sales')
        .send({ name: 'Sale', percent_off: 20, ...RUNNING, product_ids: [1], category_id: 1, tag_id: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toEqual(['#/category_id', '#/tag_id']);
  });

  test('unknown products are a 422 pointing at each place they are listed, and nothing is written', async () => {
    const [a, b] = [await createProduct(), await createProduct()];
    const problem = expectProblem(
      await admin
        .post('/api/sales')
        .send({ name: 'Sale', percent_off: 20, ...RUNNING, product_ids: [a.id, b.id, a.id, 999999] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(problem.errors).toEqual([{ pointer: '#/product_ids/3', detail: 'product 999999 does not exist' }]);
    expect(await countRows('sale')).toBe(0);
    expect(await countRows('sale_product')).toBe(0);
  });

  test('an unknown category or tag is a 422 pointing at it', async () => {
    const category = expectProblem(
      await admin.post('/api/sales').send({ name: 'Sale', percent_off: 20, ...RUNNING, category_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(category.errors).toEqual([{ pointer: '#/category_id', detail: 'category 999999 does not exist' }]);
    const tag = expectProblem(
      await admin.post('/api/sales').send({ name: 'Sale', percent_off: 20, ...RUNNING, tag_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(tag.errors).toEqual([{ pointer: '#/tag_id', detail: 'tag 999999 does not exist' }]);
    expect(await countRows('sale')).toBe(0);
  });

  test('without a token 401, as a customer 403, and nothing is created', async () => {
    const body = { name: 'Sale', percent_off: 20, ...RUNNING };
    expectProblem(await api().post('/api/sales').send(body), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.post('/api/sales').send(body), 403, 'FORBIDDEN');
    expect(await countRows('sale')).toBe(0);
  });
});

describe('GET /api/sales', () => {
  test('pages newest first, with X-Total-Count and a Link header', async () => {
    const [first, second, third] = [await createSale(), await createSale(), await createSale()];
    const page1 = await admin.get('/api/sales?page=1&per_page=2');
    expect(page1.status).toBe(200);
    expect(page1.body.map((sale: SaleBody) => sale.id)).toEqual([third.id, second.id]);
    expect(page1.headers['x-total-count']).toBe('3');
    const link = page1.headers.link as string;
    expect(link).toContain('page=2&per_page=2>; rel="next"');
    expect(link).toContain('page=2&per_page=2>; rel="last"');
    const page2 = await admin.get('/api/sales?page=2&per_page=2');
    expect(page2.body).toEqual([first]);
    expect((await admin.get('/api/sales?page=3&per_page=2')).body).toEqual([]);
  });

  test('each sale on products lists its own products', async () => {
    const [a, b] = [await createProduct(), await createProduct()];
    const onA = await createSale({ product_ids: [a.id] });
    const onBoth = await createSale({ product_ids: [b.id, a.id] });
    const onCatalog = await createSale();
    const response = await admin.get('/api/sales');
    expect(response.body.map((sale: SaleBody) => [sale.id, sale.product_ids])).toEqual([
      [onCatalog.id, []],
      [onBoth.id, [a.id, b.id]],
      [onA.id, [a.id]],
    ]);
  });

  test('active=true lists the sales running now; active=false the ones not started or ended', async () => {
    const running = await createSale(RUNNING);
    const future = await createSale(FUTURE);
    const ended = await createSale(ENDED);
    const active = await admin.get('/api/sales?active=true');
    expect(active.body.map((sale: SaleBody) => sale.id)).toEqual([running.id]);
    expect(active.headers['x-total-count']).toBe('1');
    const inactive = await admin.get('/api/sales?active=false');
    expect(inactive.body.map((sale: SaleBody) => sale.id)).toEqual([ended.id, future.id]);
    expect(inactive.body.every((sale: SaleBody) => sale.active === false)).toBe(true);
  });

  test('a bad filter or page is a 400 naming the parameter', async () => {
    const active = expectProblem(await admin.get('/api/sales?active=yes'), 400, 'VALIDATION_FAILED');
    expect(active.errors).toEqual([expect.objectContaining({ parameter: 'active' })]);
    const perPage = expectProblem(await admin.get('/api/sales?per_page=101'), 400, 'VALIDATION_FAILED');
    expect(perPage.errors).toEqual([expect.objectContaining({ parameter: 'per_page' })]);
  });

  test('without a token 401, as a customer 403', async () => {
    expectProblem(await api().get('/api/sales'), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.get('/api/sales'), 403, 'FORBIDDEN');
  });
});

describe('GET /api/sales/:id', () => {
  test('an unknown id is a 404, a malformed one a 400', async () => {
    const missing = expectProblem(await admin.get('/api/sales/999999'), 404, 'NOT_FOUND');
    expect(missing.detail).toBe('Sale 999999 does not exist');
    expectProblem(await admin.get('/api/sales/abc'), 400, 'VALIDATION_FAILED');
  });

  test('without a token 401, as a customer 403', async () => {
    const sale = await createSale();
    expectProblem(await api().get(`/api/sales/${sale.id}`), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.get(`/api/sales/${sale.id}`), 403, 'FORBIDDEN');
  });
});

describe('PUT /api/sales/:id', () => {
  test('changes only what is sent: a new name keeps the reduction, the window and the products', async () => {
    const product = await createProduct();
    const sale = await createSale({ product_ids: [product.id] });
    const response = await admin.put(`/api/sales/${sale.id}`).send({ name: 'Renamed' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...sale,
      name: 'Renamed',
      updated_at: expect.any(String),
    });
    expect(Date.parse(response.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(sale.updated_at));
    expect(await saleProductIds(sale.id)).toEqual([product.id]);
    expect((await Sale.findByPk(sale.id))?.name).toBe('Renamed');
  });

  test('amount_off replaces percent_off, and back', async () => {
    const sale = await createSale({ percent_off: 20 });
    const toAmount = await admin.put(`/api/sales/${sale.id}`).send({ amount_off: 3 });
    expect(toAmount.body).toMatchObject({ percent_off: null, amount_off: 3 });
    expect((await Sale.findByPk(sale.id))?.toJSON()).toMatchObject({ percent_off: null, amount_off: 3 });
    const toPercent = await admin.put(`/api/sales/${sale.id}`).send({ percent_off: 15, amount_off: null });
    expect(toPercent.body).toMatchObject({ percent_off: 15, amount_off: null });
  });

  test.each([
    ['both reductions', { percent_off: 10, amount_off: 2 }, '#/amount_off'],
    ['amount_off null alone', { amount_off: null }, '#/amount_off'],
    ['percent_off null alone', { percent_off: null }, '#/percent_off'],
    ['two targets', { category_id: 1, tag_id: 1 }, '#/tag_id'],
    ['an empty product list', { product_ids: [] }, '#/product_ids'],
    ['a window turned around', { starts_at: FUTURE.ends_at, ends_at: FUTURE.starts_at }, '#/ends_at'],
    ['a null starts_at', { starts_at: null }, '#/starts_at'],
    ['an unknown field', { target: 'tag' }, '#/target'],
    ['an empty body', {}, '#'],
  ])('%s is a 400 pointing at the field, and the sale is unchanged', async (_case, body, pointer) => {
    const sale = await createSale();
    const before = (await Sale.findByPk(sale.id))?.toJSON();
    const problem = expectProblem(
      await admin.put(`/api/sales/${sale.id}`).send(body),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect((await Sale.findByPk(sale.id))?.toJSON()).toEqual(before);
  });

  test('the merged window must stay non-empty: a new end before the start, or a new start after the end, is a 400', async () => {
    const sale = await createSale({ starts_at: '2026-12-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z' });
    const end = expectProblem(
      await admin.put(`/api/sales/${sale.id}`).send({ ends_at: '2026-11-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(end.errors).toEqual([
      { pointer: '#/ends_at', detail: 'must be after starts_at (2026-12-01T00:00:00.000Z)' },
    ]);
    const start = expectProblem(
      await admin.put(`/api/sales/${sale.id}`).send({ starts_at: '2027-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(start.errors).toEqual([
      { pointer: '#/starts_at', detail: 'must be before ends_at (2027-01-01T00:00:00.000Z)' },
    ]);
    expect((await Sale.findByPk(sale.id))?.ends_at.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const moved = await admin
      .put(`/api/sales/${sale.id}`)
      .send({ starts_at: '2027-01-01T00:00:00Z', ends_at: '2027-02-01T00:00:00Z' });
    expect(moved.body).toMatchObject({
      starts_at: '2027-01-01T00:00:00.000Z',
      ends_at: '2027-02-01T00:00:00.000Z',
    });
  });

  test('a target sent replaces the old one: products to category drops the links, all null is the catalog', async () => {
    const [a, b] = [await createProduct(), await createProduct()];
    const category = await createCategory();
    const sale = await createSale({ product_ids: [a.id] });

    const moreProducts = await admin.put(`/api/sales/${sale.id}`).send({ product_ids: [b.id, a.id, b.id] });
    expect(moreProducts.body).toMatchObject({ applies_to: 'products', product_ids: [a.id, b.id] });
    expect(await saleProductIds(sale.id)).toEqual([a.id, b.id]);

    const onCategory = await admin.put(`/api/sales/${sale.id}`).send({ category_id: category.id });
    expect(onCategory.body).toMatchObject({
      applies_to: 'category',
      category_id: category.id,
      product_ids: [],
    });
    expect(await saleProductIds(sale.id)).toEqual([]);

    const onCatalog = await admin
      .put(`/api/sales/${sale.id}`)
      .send({ product_ids: null, category_id: null, tag_id: null });
    expect(onCatalog.body).toMatchObject({ applies_to: 'catalog', category_id: null, tag_id: null });
    expect((await Sale.findByPk(sale.id))?.toJSON()).toMatchObject({
      target: 'catalog',
      category_id: null,
      tag_id: null,
    });
  });

  test('sending no target field leaves the target alone', async () => {
    const tag = await createTag();
    const sale = await createSale({ tag_id: tag.id });
    const response = await admin.put(`/api/sales/${sale.id}`).send({ percent_off: 30 });
    expect(response.body).toMatchObject({ applies_to: 'tag', tag_id: tag.id, percent_off: 30 });
  });

  test('an unknown product, category or tag is a 422, and the sale and its links are unchanged', async () => {
    const product = await createProduct();
    const sale = await createSale({ product_ids: [product.id] });
    const products = expectProblem(
      await admin
        .put(`/api/sales/${sale.id}`)
        .send({ name: 'New', product_ids: [999998, product.id, 999999] }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(products.errors?.map((error) => error.pointer)).toEqual(['#/product_ids/0', '#/product_ids/2']);
    const category = expectProblem(
      await admin.put(`/api/sales/${sale.id}`).send({ category_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(category.errors).toEqual([{ pointer: '#/category_id', detail: 'category 999999 does not exist' }]);
    const tag = expectProblem(
      await admin.put(`/api/sales/${sale.id}`).send({ tag_id: 999999 }),
      422,
      'REFERENCE_NOT_FOUND',
    );
    expect(tag.errors).toEqual([{ pointer: '#/tag_id', detail: 'tag 999999 does not exist' }]);
    expect(await saleProductIds(sale.id)).toEqual([product.id]);
    expect((await Sale.findByPk(sale.id))?.toJSON()).toMatchObject({ name: 'Sale', target: 'products' });
  });

  test('an unknown id is a 404; without a token 401, as a customer 403', async () => {
    expectProblem(await admin.put('/api/sales/999999').send({ name: 'x' }), 404, 'NOT_FOUND');
    const sale = await createSale();
    expectProblem(await api().put(`/api/sales/${sale.id}`).send({ name: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.put(`/api/sales/${sale.id}`).send({ name: 'x' }), 403, 'FORBIDDEN');
    expect((await Sale.findByPk(sale.id))?.name).toBe('Sale');
  });
});

describe('DELETE /api/sales/:id', () => {
  test('an admin deletes a sale with its product links (204); the products stay', async () => {
    const product = await createProduct();
    const sale = await createSale({ product_ids: [product.id] });
    const response = await admin.delete(`/api/sales/${sale.id}`);
    expect(response.status).toBe(204);
    expect(await Sale.findByPk(sale.id)).toBeNull();
    expect(await countRows('sale_product')).toBe(0);
    expect(await countRows('product')).toBe(1);
    expectProblem(await admin.get(`/api/sales/${sale.id}`), 404, 'NOT_FOUND');
  });

  test('an unknown id is a 404; without a token 401, as a customer 403, and the sale stays', async () => {
    expectProblem(await admin.delete('/api/sales/999999'), 404, 'NOT_FOUND');
    const sale = await createSale();
    expectProblem(await api().delete(`/api/sales/${sale.id}`), 401, 'UNAUTHENTICATED');
    expectProblem(await customer.delete(`/api/sales/${sale.id}`), 403, 'FORBIDDEN');
    expect(await countRows('sale')).toBe(1);
  });
});
