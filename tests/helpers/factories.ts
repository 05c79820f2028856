import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { createProduct as createProductThroughService } from '../../src/modules/products';
import { Category, Product, StockMovement, Tag } from './models';

let sequence = 0;
const next = () => `${process.env.JEST_WORKER_ID ?? '1'}-${++sequence}`;

export const createCategory = (overrides: { category_name?: string } = {}) =>
  Category.create({ category_name: `Category ${next()}`, ...overrides });

export const createTag = (overrides: { tag_name?: string } = {}) =>
  Tag.create({ tag_name: `tag ${next()}`, ...overrides });

interface ProductOverrides {
  product_name?: string;
  price?: number;
  stock?: number;
  category_id?: number | null;
  low_stock_threshold?: number;
  restock_quantity?: number;
  tagIds?: number[];
  sku?: string | null;
}

/**
 * One product (with its tag links), made by the products service as the API makes it: its stock arrives through
 * an `initial` ledger row, so stock always equals the ledger, as everywhere else.
 */
export const createProduct = (overrides: ProductOverrides = {}) =>
  createProductThroughService({ product_name: `Product ${next()}`, price: 9.99, stock: 10, ...overrides });

export const stockOf = async (productId: number): Promise<number | undefined> =>
  (await Product.findByPk(productId))?.stock;

/** SUM(delta) of a product's ledger, read straight from the table. */
export async function ledgerSum(productId: number): Promise<number> {
  const [row] = await getSequelize().query<{ total: number | string | null }>(
    'SELECT SUM(delta) AS total FROM stock_movement WHERE product_id = :productId',
    { replacements: { productId }, type: QueryTypes.SELECT },
  );
  return Number(row?.total ?? 0);
}

/** A product's ledger rows, oldest first, without ids and timestamps. */
export const ledgerOf = async (productId: number) =>
  (await StockMovement.findAll({ where: { product_id: productId }, order: [['id', 'ASC']] })).map(
    ({ delta, reason, reference, note, stock_after }) => ({ delta, reason, reference, note, stock_after }),
  );
