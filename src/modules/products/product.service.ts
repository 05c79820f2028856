import { ForeignKeyConstraintError, Op, QueryTypes } from 'sequelize';
import type { Transaction } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import { withTransaction } from '../../database/transaction';
import { AppError, notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import { escapeLike } from '../../shared/sql';
import { applyStockChanges } from '../inventory/stock.service';
import type { LockedProduct } from '../inventory/stock.service';
import { Tag } from '../tags/tag.model';
import { ProductTag } from './product-tag.model';
import { DEFAULT_STOCK, Product } from './product.model';
import type { CreateProductBody, ListProductsQuery, ProductSort, UpdateProductBody } from './product.schemas';

export interface CategoryRef {
  id: number;
  category_name: string;
}

export interface TagRef {
  id: number;
  tag_name: string;
}

export interface ProductDto {
  id: number;
  product_name: string;
  price: number;
  stock: number;
  category_id: number | null;
  low_stock_threshold: number;
  restock_quantity: number;
  category: CategoryRef | null;
  tags: TagRef[];
}

interface ProductRow extends Omit<ProductDto, 'category' | 'tags'> {
  category_name: string | null;
}

interface ProductTagRow extends TagRef {
  product_id: number;
}

const SELECT_PRODUCTS = `
  SELECT p.id, p.product_name, p.price, p.stock, p.category_id, p.low_stock_threshold, p.restock_quantity,
         c.category_name
  FROM product p
  LEFT JOIN category c ON c.id = p.category_id`;

const SORT_COLUMNS: Record<ProductSort, string> = {
  id: 'p.id ASC',
  '-id': 'p.id DESC',
  product_name: 'p.product_name ASC, p.id ASC',
  '-product_name': 'p.product_name DESC, p.id DESC',
  price: 'p.price ASC, p.id ASC',
  '-price': 'p.price DESC, p.id DESC',
  stock: 'p.stock ASC, p.id ASC',
  '-stock': 'p.stock DESC, p.id DESC',
};

function buildFilter(query: ListProductsQuery): { where: string; replacements: Record<string, unknown> } {
  const conditions: string[] = [];
  const replacements: Record<string, unknown> = {};
  if (query.category_id !== undefined) {
    conditions.push('p.category_id = :category_id');
    replacements.category_id = query.category_id;
  }
  if (query.tag_id !== undefined) {
    conditions.push('p.id IN (SELECT pt.product_id FROM product_tag pt WHERE pt.tag_id = :tag_id)');
    replacements.tag_id = query.tag_id;
  }
  if (query.min_price !== undefined) {
    conditions.push('p.price >= :min_price');
    replacements.min_price = query.min_price;
  }
  if (query.max_price !== undefined) {
    conditions.push('p.price <= :max_price');
    replacements.max_price = query.max_price;
  }
  if (query.in_stock !== undefined)
    conditions.push(query.in_stock === 'true' ? 'p.stock > 0' : 'p.stock = 0');
  if (query.q !== undefined) {
    conditions.push('p.product_name LIKE :q');
    replacements.q = `%${escapeLike(query.q)}%`;
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', replacements };
}

async function tagsByProduct(
  productIds: number[],
  transaction?: Transaction,
): Promise<Map<number, TagRef[]>> {
  const tags = new Map<number, TagRef[]>(productIds.map((id) => [id, []]));
  if (productIds.length === 0) return tags;
  const rows = await sequelize.query<ProductTagRow>(
    `SELECT pt.product_id, t.id, t.tag_name
     FROM product_tag pt JOIN tag t ON t.id = pt.tag_id
     WHERE pt.product_id IN (:productIds)
     ORDER BY pt.product_id, t.id`,
    { replacements: { productIds }, type: QueryTypes.SELECT, transaction },
  );
  for (const row of rows) tags.get(row.product_id)?.push({ id: row.id, tag_name: row.tag_name });
  return tags;
}

async function withTags(rows: ProductRow[], transaction?: Transaction): Promise<ProductDto[]> {
  const tags = await tagsByProduct(
    rows.map((row) => row.id),
    transaction,
  );
  return rows.map(({ category_name, ...product }) => ({
    ...product,
    category:
      product.category_id === null || category_name === null
        ? null
        : { id: product.category_id, category_name },
    tags: tags.get(product.id) ?? [],
  }));
}

/** One page of products with their category and tags: three statements whatever the page size. */
export async function listProducts(
  query: ListProductsQuery,
): Promise<{ items: ProductDto[]; total: number }> {
  const { where, replacements } = buildFilter(query);
  const [countRows, rows] = await Promise.all([
    sequelize.query<{ total: number }>(`SELECT COUNT(*) AS total FROM product p ${where}`, {
      replacements,
      type: QueryTypes.SELECT,
    }),
    sequelize.query<ProductRow>(
      `${SELECT_PRODUCTS} ${where} ORDER BY ${SORT_COLUMNS[query.sort]} LIMIT :limit OFFSET :offset`,
      {
        replacements: { ...replacements, limit: query.per_page, offset: offsetOf(query) },
        type: QueryTypes.SELECT,
      },
    ),
  ]);
  return { items: await withTags(rows), total: countRows[0]?.total ?? 0 };
}

export async function getProduct(id: number, transaction?: Transaction): Promise<ProductDto> {
  const rows = await sequelize.query<ProductRow>(`${SELECT_PRODUCTS} WHERE p.id = :id`, {
    replacements: { id },
    type: QueryTypes.SELECT,
    transaction,
  });
  const [product] = await withTags(rows, transaction);
  if (product === undefined) throw notFound('Product', id);
  return product;
}

const unknownCategory = (categoryId: number | null | undefined) =>
  new AppError('REFERENCE_NOT_FOUND', `Category ${String(categoryId)} does not exist`, [
    { pointer: '#/category_id', detail: `category ${String(categoryId)} does not exist` },
  ]);

/**
 * Links tags to a product. The insert itself is the existence check (the foreign key refuses an unknown tag),
 * so the happy path costs one statement; only on failure are the missing ids looked up to name them.
 */
async function addTags(productId: number, tagIds: number[], requested: number[], transaction: Transaction) {
  if (tagIds.length === 0) return;
  try {
    await ProductTag.bulkCreate(
      tagIds.map((tag_id) => ({ product_id: productId, tag_id })),
      { transaction },
    );
  } catch (error) {
    if (!(error instanceof ForeignKeyConstraintError)) throw error;
    const found = await Tag.findAll({ attributes: ['id'], where: { id: tagIds }, transaction, raw: true });
    const existing = new Set(found.map((tag) => tag.id));
    const missing = new Set(tagIds.filter((id) => !existing.has(id)));
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      `Tag ${[...missing].join(', ')} does not exist`,
      requested.flatMap((id, index) =>
        missing.has(id) ? [{ pointer: `#/tagIds/${index}`, detail: `tag ${id} does not exist` }] : [],
      ),
    );
  }
}

const asLocked = (product: Product): LockedProduct => ({
  id: product.id,
  product_name: product.product_name,
  price: product.price,
  stock: product.stock,
  low_stock_threshold: product.low_stock_threshold,
  restock_quantity: product.restock_quantity,
});

/** The product starts at 0 and its stock arrives through an `initial` ledger row, so stock = sum of the ledger. */
export async function createProduct(body: CreateProductBody): Promise<ProductDto> {
  const { tagIds = [], stock = DEFAULT_STOCK, ...fields } = body;
  return withTransaction(async (transaction) => {
    let product: Product;
    try {
      product = await Product.create({ ...fields, stock: 0 }, { transaction });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintError) throw unknownCategory(fields.category_id);
      throw error;
    }
    await applyStockChanges(
      new Map([[product.id, asLocked(product)]]),
      [{ productId: product.id, delta: stock, reason: 'initial' }],
      transaction,
    );
    await addTags(product.id, [...new Set(tagIds)], tagIds, transaction);
    return getProduct(product.id, transaction);
  });
}

/**
 * Updates the fields that are present; `tagIds`, when present, replaces the tag set, and is left alone if not.
 * A new `stock` is recorded as an adjustment in the ledger (after any new threshold or restock quantity).
 */
export async function updateProduct(id: number, body: UpdateProductBody): Promise<ProductDto> {
  const { tagIds, stock, ...fields } = body;
  return withTransaction(async (transaction) => {
    const product = await Product.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (product === null) throw notFound('Product', id);
    if (Object.keys(fields).length > 0) {
      try {
        await product.update(fields, { transaction });
      } catch (error) {
        if (error instanceof ForeignKeyConstraintError) throw unknownCategory(fields.category_id);
        throw error;
      }
    }
    if (stock !== undefined && stock !== product.stock) {
      await applyStockChanges(
        new Map([[id, asLocked(product)]]),
        [
          {
            productId: id,
            delta: stock - product.stock,
            reason: 'adjustment',
            note: 'stock set by a product update',
          },
        ],
        transaction,
      );
    }
    if (tagIds !== undefined) {
      const wanted = new Set(tagIds);
      const current = await ProductTag.findAll({
        attributes: ['tag_id'],
        where: { product_id: id },
        transaction,
        raw: true,
      });
      const currentIds = new Set(current.map((row) => row.tag_id));
      const removed = [...currentIds].filter((tagId) => !wanted.has(tagId));
      if (removed.length > 0) {
        await ProductTag.destroy({ where: { product_id: id, tag_id: { [Op.in]: removed } }, transaction });
      }
      const added = [...wanted].filter((tagId) => !currentIds.has(tagId));
      await addTags(id, added, tagIds, transaction);
    }
    return getProduct(id, transaction);
  });
}

export async function deleteProduct(id: number): Promise<void> {
  // DELETE reports the rows it removed (unlike UPDATE, which reports rows changed), so 0 means "no such row".
  const deleted = await Product.destroy({ where: { id } });
  if (deleted === 0) throw notFound('Product', id);
}
