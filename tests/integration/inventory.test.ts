import { StockMovement } from '../helpers/models';
import { countRows, useTestDatabase } from '../helpers/database';
import { createProduct, ledgerOf, ledgerSum, stockOf } from '../helpers/factories';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { api, expectProblem } from '../helpers/http';

useTestDatabase();

let admin: SignedIn;
let alice: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
  alice = await signedInAs('customer');
});

const adjust = (productId: number, body: Record<string, unknown>) =>
  admin.post(`/api/products/${productId}/stock/adjustments`).send(body);

describe('GET /api/products/:id/stock', () => {
  test('anyone, without a token, reads the stock level of a product', async () => {
    const product = await createProduct({ stock: 12, low_stock_threshold: 4, restock_quantity: 8 });

    const response = await api().get(`/api/products/${product.id}/stock`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      product_id: product.id,
      stock: 12,
      low_stock_threshold: 4,
      restock_quantity: 8,
      status: 'in_stock',
    });
  });

  test.each([
    [0, 5, 'out_of_stock'],
    [0, 0, 'out_of_stock'],
    [1, 5, 'low_stock'],
    [5, 5, 'low_stock'],
    [6, 5, 'in_stock'],
    [1, 0, 'in_stock'],
  ])('stock %i with threshold %i is %s', async (stock, low_stock_threshold, status) => {
    const product = await createProduct({ stock, low_stock_threshold });
    const response = await api().get(`/api/products/${product.id}/stock`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stock, low_stock_threshold, status });
  });

  test('an unknown product is a 404', async () => {
    expectProblem(await api().get('/api/products/999999/stock'), 404, 'NOT_FOUND');
  });

  test.each(['abc', '0', '-1', '1.5'])('a malformed id (%s) is a 400 naming id', async (id) => {
    const problem = expectProblem(await api().get(`/api/products/${id}/stock`), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ parameter: 'id' })]);
  });

  test('a method it does not serve is a 405 that names GET and PUT', async () => {
    const product = await createProduct();
    const response = await admin.delete(`/api/products/${product.id}/stock`);
    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, PUT');
    expect(await stockOf(product.id)).toBe(10);
  });
});

describe('POST /api/products/:id/stock/adjustments', () => {
  test('an admin adjusts stock: 201 with the new level and the ledger row it wrote', async () => {
    const productId = (await createProduct({ stock: 10 })).id;

    const response = await adjust(productId, { delta: -3, reason: '  damaged in transit  ' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      product_id: productId,
      stock: 7,
      low_stock_threshold: 5,
      restock_quantity: 0,
      status: 'in_stock',
      movements: [
        {
          id: expect.any(Number),
          product_id: productId,
          delta: -3,
          reason: 'adjustment',
          reference: null,
          note: 'damaged in transit',
          stock_after: 7,
          created_at: expect.any(String),
        },
      ],
    });
    expect(Number.isNaN(Date.parse(response.body.movements[0].created_at as string))).toBe(false);
    expect(await stockOf(productId)).toBe(7);
    const stored = await StockMovement.findByPk(response.body.movements[0].id as number);
    expect(stored).toMatchObject({ product_id: productId, delta: -3, reason: 'adjustment', stock_after: 7 });
  });

  test('a positive delta adds stock and can lift a product out of stock', async () => {
    const productId = (await createProduct({ stock: 0, low_stock_threshold: 0 })).id;
    const response = await adjust(productId, { delta: 4, reason: 'found a box' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ stock: 4, status: 'in_stock' });
    expect(await stockOf(productId)).toBe(4);
  });

  test('taking stock exactly to zero is allowed and reports out_of_stock', async () => {
    const productId = (await createProduct({ stock: 3 })).id;
    const response = await adjust(productId, { delta: -3, reason: 'write-off' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ stock: 0, status: 'out_of_stock' });
    expect(await stockOf(productId)).toBe(0);
  });

  test('a delta that would take stock below zero is a 409 pointing at delta, and changes nothing', async () => {
    const productId = (await createProduct({ stock: 3 })).id;

    const problem = expectProblem(
      await adjust(productId, { delta: -4, reason: 'too much' }),
      409,
      'INSUFFICIENT_STOCK',
    );

    expect(problem.errors?.[0]?.pointer).toBe('#/delta');
    expect(problem.errors).toEqual([{ pointer: '#/delta', detail: 'must be at least -3' }]);
    expect(await stockOf(productId)).toBe(3);
    expect(await countRows('stock_movement')).toBe(1);
    expect(await ledgerOf(productId)).toEqual([
      { delta: 3, reason: 'initial', reference: null, note: null, stock_after: 3 },
    ]);
  });

  test.each([
    [{ delta: 0, reason: 'nothing' }, '#/delta'],
    [{ delta: 1.5, reason: 'half' }, '#/delta'],
    [{ delta: 'two', reason: 'string' }, '#/delta'],
    [{ delta: '2.5', reason: 'string' }, '#/delta'],
    [{ delta: null, reason: 'null' }, '#/delta'],
    [{ reason: 'no delta' }, '#/delta'],
    [{ delta: 1_000_001, reason: 'too many' }, '#/delta'],
    [{ delta: 1 }, '#/reason'],
    [{ delta: 1, reason: '   ' }, '#/reason'],
    [{ delta: 1, reason: 'x'.repeat(201) }, '#/reason'],
    [{ delta: 1, reason: 42 }, '#/reason'],
    [{ delta: 1, reason: 'ok', reference: 'order:1' }, '#/reference'],
  ])('rejects %j with a 400 pointing at %s, leaving stock and ledger alone', async (body, pointer) => {
    const productId = (await createProduct({ stock: 10 })).id;
    const problem = expectProblem(await adjust(productId, body), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await stockOf(productId)).toBe(10);
    expect(await countRows('stock_movement')).toBe(1);
  });

  test('without a token 401, as a customer 403, and nothing changes', async () => {
    const productId = (await createProduct({ stock: 10 })).id;
    const body = { delta: -1, reason: 'theft' };
    const url = `/api/products/${productId}/stock/adjustments`;

    expectProblem(await api().post(url).send(body), 401, 'UNAUTHENTICATED');
    expectProblem(await alice.post(url).send(body), 403, 'FORBIDDEN');

    expect(await stockOf(productId)).toBe(10);
    expect(await countRows('stock_movement')).toBe(1);
  });

  test('an unknown product is a 404 and writes no ledger row', async () => {
    expectProblem(await adjust(999999, { delta: 1, reason: 'ghost' }), 404, 'NOT_FOUND');
    expect(await countRows('stock_movement')).toBe(0);
  });

  test('a malformed product id is a 400 naming id', async () => {
    const problem = expectProblem(await adjust(0, { delta: 1, reason: 'zero' }), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ parameter: 'id' })]);
  });
});

describe('GET /api/products/:id/stock/movements', () => {
  test('an admin reads the ledger newest first, paged with X-Total-Count', async () => {
    const productId = (await createProduct({ stock: 10 })).id;
    await adjust(productId, { delta: -2, reason: 'first' }).expect(201);
    await adjust(productId, { delta: 5, reason: 'second' }).expect(201);
    await adjust(productId, { delta: -1, reason: 'third' }).expect(201);

    const all = await admin.get(`/api/products/${productId}/stock/movements`);
    expect(all.status).toBe(200);
    expect(all.headers['x-total-count']).toBe('4');
    expect(
      (all.body as Array<{ delta: number; reason: string; note: string | null; stock_after: number }>).map(
        ({ delta, reason, note, stock_after }) => ({ delta, reason, note, stock_after }),
      ),
    ).toEqual([
      { delta: -1, reason: 'adjustment', note: 'third', stock_after: 12 },
      { delta: 5, reason: 'adjustment', note: 'second', stock_after: 13 },
      { delta: -2, reason: 'adjustment', note: 'first', stock_after: 8 },
      { delta: 10, reason: 'initial', note: null, stock_after: 10 },
    ]);
    const ids = (all.body as Array<{ id: number }>).map((movement) => movement.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.body[0]).toEqual({
      id: expect.any(Number),
      product_id: productId,
      delta: -1,
      reason: 'adjustment',
      reference: null,
      note: 'third',
      stock_after: 12,
      created_at: expect.any(String),
    });

    const page2 = await admin.get(`/api/products/${productId}/stock/movements?page=2&per_page=3`);
    expect(page2.status).toBe(200);
    expect(page2.headers['x-total-count']).toBe('4');
    expect(page2.body).toHaveLength(1);
    expect(page2.body[0]).toMatchObject({ reason: 'initial', delta: 10 });
    expect(page2.headers.link as string).toContain('page=1&per_page=3>; rel="prev"');
  });

  test('lists only the movements of the product asked for', async () => {
    const first = (await createProduct({ stock: 1 })).id;
    const second = (await createProduct({ stock: 2 })).id;
    await adjust(second, { delta: 3, reason: 'other product' }).expect(201);
    const response = await admin.get(`/api/products/${first}/stock/movements`);
    expect(response.status).toBe(200);
    expect(response.headers['x-total-count']).toBe('1');
    expect(response.body).toEqual([expect.objectContaining({ product_id: first, delta: 1 })]);
  });

  test('a customer gets 403 and an anonymous caller 401', async () => {
    const productId = (await createProduct()).id;
    expectProblem(await alice.get(`/api/products/${productId}/stock/movements`), 403, 'FORBIDDEN');
    expectProblem(await api().get(`/api/products/${productId}/stock/movements`), 401, 'UNAUTHENTICATED');
  });

  test('an unknown product is a 404 and bad paging a 400', async () => {
    expectProblem(await admin.get('/api/products/999999/stock/movements'), 404, 'NOT_FOUND');
    const productId = (await createProduct()).id;
    const problem = expectProblem(
      await admin.get(`/api/products/${productId}/stock/movements?per_page=101`),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ parameter: 'per_page' })]);
  });
});

describe('GET /api/inventory/low-stock', () => {
  test('an admin lists products at or below their threshold, emptiest first', async () => {
    const emptyA = await createProduct({ product_name: 'Empty A', stock: 0, low_stock_threshold: 5 });
    const atThreshold = await createProduct({ product_name: 'At', stock: 5, low_stock_threshold: 5 });
    // Without automatic restock: a product with one would have been restocked on the way below its threshold.
    const low = await createProduct({
      product_name: 'Low',
      stock: 3,
      low_stock_threshold: 5,
      restock_quantity: 0,
    });
    await createProduct({ product_name: 'Plenty', stock: 6, low_stock_threshold: 5 });
    await createProduct({ product_name: 'No threshold', stock: 1, low_stock_threshold: 0 });
    const emptyB = await createProduct({ product_name: 'Empty B', stock: 0, low_stock_threshold: 0 });

    const response = await admin.get('/api/inventory/low-stock');

    expect(response.status).toBe(200);
    expect(response.headers['x-total-count']).toBe('4');
    expect(response.body).toEqual([
      {
        product_id: emptyA.id,
        product_name: 'Empty A',
        stock: 0,
        low_stock_threshold: 5,
        restock_quantity: 0,
        status: 'out_of_stock',
      },
      {
        product_id: emptyB.id,
        product_name: 'Empty B',
        stock: 0,
        low_stock_threshold: 0,
        restock_quantity: 0,
        status: 'out_of_stock',
      },
      {
        product_id: low.id,
        product_name: 'Low',
        stock: 3,
        low_stock_threshold: 5,
        restock_quantity: 0,
        status: 'low_stock',
      },
      {
        product_id: atThreshold.id,
        product_name: 'At',
        stock: 5,
        low_stock_threshold: 5,
        restock_quantity: 0,
        status: 'low_stock',
      },
    ]);
  });

  test('pages with X-Total-Count', async () => {
    for (const stock of [4, 1, 3, 2]) await createProduct({ stock, low_stock_threshold: 5 });
    const response = await admin.get('/api/inventory/low-stock?page=2&per_page=2');
    expect(response.status).toBe(200);
    expect(response.headers['x-total-count']).toBe('4');
    expect((response.body as Array<{ stock: number }>).map((row) => row.stock)).toEqual([3, 4]);
  });

  test('an empty list when every product is well stocked', async () => {
    await createProduct({ stock: 50, low_stock_threshold: 5 });
    const response = await admin.get('/api/inventory/low-stock');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
    expect(response.headers['x-total-count']).toBe('0');
  });

  test('a customer gets 403 and an anonymous caller 401', async () => {
    await createProduct({ stock: 0 });
    expectProblem(await alice.get('/api/inventory/low-stock'), 403, 'FORBIDDEN');
    expectProblem(await api().get('/api/inventory/low-stock'), 401, 'UNAUTHENTICATED');
  });
});

describe('the stock ledger', () => {
  test('a product created through the API has exactly one initial movement of its stock', async () => {
    const productId = (await createProduct({ stock: 7 })).id;
    expect(await stockOf(productId)).toBe(7);
    expect(await ledgerOf(productId)).toEqual([
      { delta: 7, reason: 'initial', reference: null, note: null, stock_after: 7 },
    ]);
  });

  test('PUT /api/products/:id with a new stock writes an adjustment of the difference', async () => {
    const productId = (await createProduct({ stock: 7 })).id;

    const response = await admin.put(`/api/products/${productId}`).send({ stock: 3 });

    expect(response.status).toBe(200);
    expect(response.body.stock).toBe(3);
    expect(await stockOf(productId)).toBe(3);
    expect(await ledgerOf(productId)).toEqual([
      { delta: 7, reason: 'initial', reference: null, note: null, stock_after: 7 },
      {
        delta: -4,
        reason: 'adjustment',
        reference: null,
        note: 'stock set by a product update',
        stock_after: 3,
      },
    ]);
  });

  test('PUT /api/products/:id without a stock change writes no movement', async () => {
    const productId = (await createProduct({ stock: 7 })).id;
    await admin.put(`/api/products/${productId}`).send({ stock: 7, product_name: 'Renamed' }).expect(200);
    expect(await countRows('stock_movement')).toBe(1);
  });

  test('after a series of changes, SUM(delta) equals the product stock', async () => {
    const productId = (await createProduct({ stock: 7 })).id;
    for (const delta of [5, -3, -9, 12, -1]) {
      await adjust(productId, { delta, reason: `change ${delta}` }).expect(201);
    }
    await admin.put(`/api/products/${productId}`).send({ stock: 20 }).expect(200);
    await adjust(productId, { delta: -21, reason: 'refused' }).expect(409);

    const stock = await stockOf(productId);
    expect(stock).toBe(20);
    expect(await ledgerSum(productId)).toBe(stock);
    const ledger = await ledgerOf(productId);
    expect(ledger).toHaveLength(7);
    expect(ledger.at(-1)?.stock_after).toBe(stock);
  });
});

describe('automatic restock', () => {
  test('an adjustment that leaves stock at or below the threshold adds the restock quantity', async () => {
    const productId = (await createProduct({ stock: 10, low_stock_threshold: 5, restock_quantity: 20 })).id;

    const response = await adjust(productId, { delta: -6, reason: 'sold at a fair' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ stock: 24, status: 'in_stock' });
    expect(response.body.movements).toEqual([
      expect.objectContaining({ delta: -6, reason: 'adjustment', stock_after: 4, note: 'sold at a fair' }),
      expect.objectContaining({ delta: 20, reason: 'auto_restock', stock_after: 24 }),
    ]);
    expect(await stockOf(productId)).toBe(24);
    const ledger = await ledgerOf(productId);
    expect(ledger.map(({ reason, delta, stock_after }) => ({ reason, delta, stock_after }))).toEqual([
      { reason: 'initial', delta: 10, stock_after: 10 },
      { reason: 'adjustment', delta: -6, stock_after: 4 },
      { reason: 'auto_restock', delta: 20, stock_after: 24 },
    ]);
    expect(await ledgerSum(productId)).toBe(24);
  });

  test('landing exactly on the threshold triggers the restock', async () => {
    const productId = (await createProduct({ stock: 10, low_stock_threshold: 5, restock_quantity: 20 })).id;
    const response = await adjust(productId, { delta: -5, reason: 'boundary' });
    expect(response.status).toBe(201);
    expect(response.body.stock).toBe(25);
    expect(await countRows('stock_movement')).toBe(3);
  });

  test('staying above the threshold does not restock', async () => {
    const productId = (await createProduct({ stock: 10, low_stock_threshold: 5, restock_quantity: 20 })).id;
    const response = await adjust(productId, { delta: -4, reason: 'above' });
    expect(response.status).toBe(201);
    expect(response.body.stock).toBe(6);
    expect(response.body.movements).toHaveLength(1);
    expect(await countRows('stock_movement')).toBe(2);
  });

  test('with restock_quantity 0 no auto_restock happens', async () => {
    const productId = (await createProduct({ stock: 10, low_stock_threshold: 5, restock_quantity: 0 })).id;

    const response = await adjust(productId, { delta: -6, reason: 'no restock' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ stock: 4, status: 'low_stock' });
    expect(response.body.movements).toEqual([
      expect.objectContaining({ delta: -6, reason: 'adjustment', stock_after: 4 }),
    ]);
    expect(await stockOf(productId)).toBe(4);
    expect(await StockMovement.count({ where: { reason: 'auto_restock' } })).toBe(0);
  });

  test('a product created below its threshold is restocked at once', async () => {
    const productId = (await createProduct({ stock: 2, low_stock_threshold: 5, restock_quantity: 10 })).id;

    expect(await stockOf(productId)).toBe(12);
    const ledger = await ledgerOf(productId);
    expect(ledger.map(({ reason, delta, stock_after }) => ({ reason, delta, stock_after }))).toEqual([
      { reason: 'initial', delta: 2, stock_after: 2 },
      { reason: 'auto_restock', delta: 10, stock_after: 12 },
    ]);
    expect(await ledgerSum(productId)).toBe(12);
    const level = await api().get(`/api/products/${productId}/stock`);
    expect(level.body).toMatchObject({ stock: 12, status: 'in_stock' });
  });
});

describe('concurrent stock adjustments', () => {
  test('15 parallel adjustments of -1 on stock 10: exactly 10 succeed, 5 get 409, stock ends at 0', async () => {
    const productId = (await createProduct({ stock: 10, restock_quantity: 0 })).id;

    const responses = await Promise.all(
      Array.from({ length: 15 }, (_, i) => adjust(productId, { delta: -1, reason: `parallel ${i}` })),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    for (const response of responses.filter((r) => r.status === 409)) {
      expectProblem(response, 409, 'INSUFFICIENT_STOCK');
    }
    // Each success saw a different stock level: the row lock serialised them.
    const stockAfter = responses
      .filter((response) => response.status === 201)
      .map((response) => response.body.stock as number)
      .sort((a, b) => a - b);
    expect(stockAfter).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    expect(await stockOf(productId)).toBe(0);
    expect(await ledgerSum(productId)).toBe(0);
    expect(await countRows('stock_movement')).toBe(11);
  });
});

describe('PUT /api/products/:id/stock (a stocktake)', () => {
  test('sets the level to the count: 200, one adjustment of the difference in the ledger, stock = ledger', async () => {
    const product = await createProduct({ stock: 10, low_stock_threshold: 0 });
    const response = await admin
      .put(`/api/products/${product.id}/stock`)
      .send({ stock: 7, reason: 'shelf count' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ product_id: product.id, stock: 7, status: 'in_stock' });
    expect(response.body.movements).toEqual([
      expect.objectContaining({
        delta: -3,
        reason: 'adjustment',
        note: 'counted 7: shelf count',
        stock_after: 7,
      }),
    ]);
    expect(await stockOf(product.id)).toBe(7);
    expect(await ledgerSum(product.id)).toBe(7);
  });

  test('a count equal to the level writes no movement; a count up is a positive adjustment', async () => {
    const product = await createProduct({ stock: 5, low_stock_threshold: 0 });
    const same = await admin.put(`/api/products/${product.id}/stock`).send({ stock: 5, reason: 'recount' });
    expect(same.status).toBe(200);
    expect(same.body.movements).toEqual([]);
    const up = await admin
      .put(`/api/products/${product.id}/stock`)
      .send({ stock: '9', reason: 'found a box' });
    expect(up.body.movements.map((movement: { delta: number }) => movement.delta)).toEqual([4]);
    expect(await ledgerOf(product.id)).toHaveLength(2);
  });

  test('a count at or below the threshold triggers the automatic restock in the same transaction', async () => {
    const product = await createProduct({ stock: 20, low_stock_threshold: 5, restock_quantity: 10 });
    const response = await admin.put(`/api/products/${product.id}/stock`).send({ stock: 2, reason: 'count' });
    expect(response.body.stock).toBe(12);
    expect(response.body.movements.map((movement: { reason: string }) => movement.reason)).toEqual([
      'adjustment',
      'auto_restock',
    ]);
    expect(await ledgerSum(product.id)).toBe(12);
  });

  test.each([
    [{ stock: -1, reason: 'x' }, '#/stock'],
    [{ stock: 1.5, reason: 'x' }, '#/stock'],
    [{ stock: 3 }, '#/reason'],
    [{ stock: 3, reason: 'x', delta: 1 }, '#/delta'],
  ])('%j is a 400 pointing at %s and changes nothing', async (body, pointer) => {
    const product = await createProduct({ stock: 10 });
    const problem = expectProblem(
      await admin.put(`/api/products/${product.id}/stock`).send(body),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect(await stockOf(product.id)).toBe(10);
  });

  test('an unknown product is a 404; a customer gets 403 and an anonymous client 401', async () => {
    expectProblem(
      await admin.put('/api/products/999999/stock').send({ stock: 1, reason: 'x' }),
      404,
      'NOT_FOUND',
    );
    const product = await createProduct({ stock: 10 });
    expectProblem(
      await alice.put(`/api/products/${product.id}/stock`).send({ stock: 1, reason: 'x' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await api().put(`/api/products/${product.id}/stock`).send({ stock: 1, reason: 'x' }),
      401,
      'UNAUTHENTICATED',
    );
    expect(await stockOf(product.id)).toBe(10);
  });

  test('stocktakes racing orders on the same product keep stock equal to the ledger, never negative', async () => {
    const product = await createProduct({ stock: 50, low_stock_threshold: 0 });
    const customers = await Promise.all(Array.from({ length: 10 }, () => signedInAs('customer')));
    await Promise.all([
      ...customers.map((customer) =>
        customer.post('/api/orders').send({ items: [{ product_id: product.id, quantity: 3 }] }),
      ),
      ...[40, 30, 20].map((stock) =>
        admin.put(`/api/products/${product.id}/stock`).send({ stock, reason: 'count' }),
      ),
    ]);
    const stock = await stockOf(product.id);
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(await ledgerSum(product.id)).toBe(stock);
  });
});
