import type { Connection } from 'mysql2';
import { getSequelize } from '../../src/database/sequelize';
import { signedInAs } from '../helpers/auth';
import type { SignedIn } from '../helpers/auth';
import { useTestDatabase } from '../helpers/database';
import { createProduct, ledgerSum, stockOf } from '../helpers/factories';
import { StockMovement } from '../helpers/models';

/**
 * Every connection of this file hands out AUTO_INCREMENT values three apart, as each node of a three-node Galera
 * cluster does (auto_increment_increment = 3), and unlike a default MariaDB or MySQL, whose multi-row INSERT takes
 * consecutive values. An id computed as insertId + 1 names a row that does not exist. The hook is registered before
 * this file's first connection, so it applies to all of them; it is session-level, so nothing else sees it.
 */
const INCREMENT = 3;
getSequelize().addHook('afterConnect', 'auto-increment-gaps', async (connection: unknown) => {
  await new Promise<void>((resolve, reject) => {
    (connection as Connection).query(`SET SESSION auto_increment_increment = ${INCREMENT}`, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
});

useTestDatabase();

let admin: SignedIn;
beforeEach(async () => {
  admin = await signedInAs('admin');
});

/** A product's ledger rows as the stock routes answer them, read straight from the table. */
const storedMovements = async (productId: number) =>
  (await StockMovement.findAll({ where: { product_id: productId }, order: [['id', 'ASC']] })).map((row) => ({
    id: row.id,
    product_id: row.product_id,
    delta: row.delta,
    reason: row.reason,
    reference: row.reference,
    note: row.note,
    stock_after: row.stock_after,
    created_at: row.created_at.toISOString(),
  }));

const restocking = () => createProduct({ stock: 10, low_stock_threshold: 5, restock_quantity: 20 });

describe('movement ids in answers are the ids in the ledger when AUTO_INCREMENT values are not consecutive', () => {
  test('an adjustment that triggers an automatic restock answers its two rows with the ids they were stored under', async () => {
    const product = await restocking();

    const response = await admin
      .post(`/api/products/${product.id}/stock/adjustments`)
      .send({ delta: -6, reason: 'sold at a fair' });

    expect(response.status).toBe(201);
    const stored = await storedMovements(product.id);
    expect(stored.map((row) => row.reason)).toEqual(['initial', 'adjustment', 'auto_restock']);
    expect(response.body.movements).toEqual(stored.slice(1));
    // The setting is in effect: without it this test would not tell computed ids from real ones.
    expect((stored[2]?.id ?? 0) - (stored[1]?.id ?? 0)).toBe(INCREMENT);
  });

  test('a stocktake that triggers an automatic restock answers its two rows with the ids they were stored under', async () => {
    const product = await restocking();

    const response = await admin
      .put(`/api/products/${product.id}/stock`)
      .send({ stock: 3, reason: 'shelf count' });

    expect(response.status).toBe(200);
    const stored = await storedMovements(product.id);
    expect(stored.map((row) => row.reason)).toEqual(['initial', 'adjustment', 'auto_restock']);
    expect(response.body.movements).toEqual(stored.slice(1));
  });

  test('an order of two products that both restock writes four rows; later answers still name the stored ids', async () => {
    const [first, second] = [await restocking(), await restocking()];

    const order = await admin.post('/api/orders').send({
      items: [
        { product_id: first.id, quantity: 6 },
        { product_id: second.id, quantity: 7 },
      ],
    });

    expect(order.status).toBe(201);
    expect((await admin.get(`/api/orders/${order.body.id}`)).body).toEqual(order.body);
    for (const [product, quantity] of [
      [first, 6],
      [second, 7],
    ] as const) {
      const stored = await storedMovements(product.id);
      expect(
        stored.map(({ reason, delta, stock_after, reference }) => ({
          reason,
          delta,
          stock_after,
          reference,
        })),
      ).toEqual([
        { reason: 'initial', delta: 10, stock_after: 10, reference: null },
        {
          reason: 'order',
          delta: -quantity,
          stock_after: 10 - quantity,
          reference: `order:${order.body.id}`,
        },
        {
          reason: 'auto_restock',
          delta: 20,
          stock_after: 30 - quantity,
          reference: `order:${order.body.id}`,
        },
      ]);
      expect(await stockOf(product.id)).toBe(30 - quantity);
      expect(await ledgerSum(product.id)).toBe(30 - quantity);
      const ledger = await admin.get(`/api/products/${product.id}/stock/movements`);
      expect(ledger.body).toEqual([...stored].reverse());
    }

    const adjustment = await admin
      .post(`/api/products/${first.id}/stock/adjustments`)
      .send({ delta: -20, reason: 'damaged' });
    expect(adjustment.status).toBe(201);
    expect(adjustment.body.movements).toEqual((await storedMovements(first.id)).slice(3));
  });
});
