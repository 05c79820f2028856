import { QueryTypes } from 'sequelize';
import { sequelize } from '../src/database/sequelize';

export interface BenchData {
  productIds: { first: number; last: number };
  hotProductId: number;
}

const BATCH = 2_000;

/**
 * Adds `count` products on top of the seeded catalog with bulk inserts (and their tags and initial ledger rows).
 * Stock is high and restocks itself, so that order benchmarks never run out.
 */
export async function addBenchProducts(count: number): Promise<BenchData> {
  const [{ next } = { next: 1 }] = await sequelize.query<{ next: number }>(
    'SELECT COALESCE(MAX(id), 0) + 1 AS next FROM product',
    { type: QueryTypes.SELECT },
  );
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const ids = Array.from({ length: size }, (_, i) => next + start + i);
    const products = ids.map(
      (id) =>
        `(${id}, 'Bench product ${id}', ${(1 + ((id * 7919) % 9999) / 100).toFixed(2)}, 1000000, ${1 + (id % 5)}, 1000, 1000000)`,
    );
    await sequelize.query(
      `INSERT INTO product (id, product_name, price, stock, category_id, low_stock_threshold, restock_quantity) VALUES ${products.join(',')}`,
    );
    const tags = ids.flatMap((id) => [1 + (id % 8), 1 + ((id + 3) % 8)].map((tag) => `(${id}, ${tag})`));
    await sequelize.query(`INSERT IGNORE INTO product_tag (product_id, tag_id) VALUES ${tags.join(',')}`);
    const movements = ids.map((id) => `(${id}, 1000000, 'initial', 'bench', 1000000, NOW(3))`);
    await sequelize.query(
      `INSERT INTO stock_movement (product_id, delta, reason, reference, stock_after, created_at) VALUES ${movements.join(',')}`,
    );
  }
  return { productIds: { first: next, last: next + count - 1 }, hotProductId: next };
}
