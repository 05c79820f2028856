import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createCategory, createProduct, createTag, stockOf } from '../helpers/factories';
import { expectProblem } from '../helpers/http';
import { Product } from '../helpers/models';

useTestDatabase();

// Collections published for the bootcamp assignment send numbers as JSON strings ("price": "19.99"). A string that
// is exactly a number is read as that number, under the same rules; anything else is still a 400.
let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

describe('numbers sent as JSON strings', () => {
  test('a product created with price, stock, category_id and tagIds as numeric strings is stored with numbers', async () => {
    const category = await createCategory();
    const [red, blue] = [await createTag(), await createTag()];
    const response = await admin.post('/api/products').send({
      product_name: 'Vinyl',
      price: '19.99',
      stock: '3',
      category_id: String(category.id),
      tagIds: [String(red.id), String(blue.id)],
      low_stock_threshold: '0',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      price: 19.99,
      stock: 3,
      category_id: category.id,
      low_stock_threshold: 0,
    });
    expect(response.body.tags.map((tag: { id: number }) => tag.id)).toEqual([red.id, blue.id]);
  });

  test.each([
    ['19.999', 'more than 2 decimals'],
    ['1e3', 'exponent notation'],
    ['', 'an empty string'],
    [' 19.99', 'spaces around it'],
    ['nineteen', 'words'],
    ['-5', 'a negative amount'],
  ])('a price of %j (%s) is a 400 pointing at #/price and creates nothing', async (price) => {
    const problem = expectProblem(
      await admin.post('/api/products').send({ product_name: 'Vinyl', price }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toEqual(['#/price']);
    expect(await Product.count()).toBe(0);
  });

  test('an update with a numeric-string price and stock applies them', async () => {
    const product = await createProduct({ price: 5, stock: 10 });
    const response = await admin.put(`/api/products/${product.id}`).send({ price: '7.50', stock: '12' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ price: 7.5, stock: 12 });
  });

  test('an order whose product_id and quantity are numeric strings is placed; a fractional quantity is a 400', async () => {
    const customer = await signedInAs('customer');
    const product = await createProduct({ price: 10, stock: 10, low_stock_threshold: 0 });
    const placed = await customer
      .post('/api/orders')
      .send({ items: [{ product_id: String(product.id), quantity: '2' }] });
    expect(placed.status).toBe(201);
    expect(placed.body.items[0]).toMatchObject({ product_id: product.id, quantity: 2, line_total: 20 });
    const problem = expectProblem(
      await customer.post('/api/orders').send({ items: [{ product_id: product.id, quantity: '1.5' }] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toEqual(['#/items/0/quantity']);
    expect(await stockOf(product.id)).toBe(8);
  });

  test('a stocktake with a numeric-string count is applied; a fractional one is a 400', async () => {
    const product = await createProduct({ stock: 10, low_stock_threshold: 0 });
    const response = await admin
      .put(`/api/products/${product.id}/stock`)
      .send({ stock: '4', reason: 'count' });
    expect(response.status).toBe(200);
    expect(response.body.stock).toBe(4);
    const problem = expectProblem(
      await admin.put(`/api/products/${product.id}/stock`).send({ stock: '4.5', reason: 'count' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toEqual(['#/stock']);
    expect(await stockOf(product.id)).toBe(4);
  });

  test('tag ids as numeric strings link the tags', async () => {
    const tag = await createTag({ tag_name: 'vinyl' });
    const response = await admin
      .post('/api/products')
      .send({ product_name: 'Record', price: '12', tagIds: [String(tag.id)] });
    expect(response.status).toBe(201);
    expect(response.body.tags).toEqual([{ id: tag.id, tag_name: 'vinyl' }]);
  });

  test('a stock adjustment with a numeric-string delta is applied', async () => {
    const product = await createProduct({ stock: 10, low_stock_threshold: 0 });
    const response = await admin
      .post(`/api/products/${product.id}/stock/adjustments`)
      .send({ delta: '-3', reason: 'count' });
    expect(response.status).toBe(201);
    expect(response.body.stock).toBe(7);
  });
});
