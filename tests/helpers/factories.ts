import { Category, Product, ProductTag, Tag } from './models';

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
}

/** Inserts exactly one product (and its tag links), bypassing the API. */
export async function createProduct({ tagIds = [], ...overrides }: ProductOverrides = {}): Promise<Product> {
  const product = await Product.create({
    product_name: `Product ${next()}`,
    price: 9.99,
    stock: 10,
    ...overrides,
  });
  if (tagIds.length > 0) {
    await ProductTag.bulkCreate(tagIds.map((tag_id) => ({ product_id: product.id, tag_id })));
  }
  return product;
}
