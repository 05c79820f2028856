import { notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import type { PageRequest } from '../../shared/pagination';
import { catalogCounts } from '../products/catalog-counts';
import { attachEmbeddedProducts, embeddedProductsByCategory } from '../products/embedded-products';
import type { EmbeddedProducts } from '../products/embedded-products';
import type { CategoryRef } from '../products/product.service';
import type { CategoryBody } from './category.schemas';
import { Category } from './category.model';

export type CategoryDto = CategoryRef & EmbeddedProducts;

const ATTRIBUTES = ['id', 'category_name'];

const toRef = (row: Category): CategoryRef => ({ id: row.id, category_name: row.category_name });

export async function listCategories(page: PageRequest): Promise<{ items: CategoryDto[]; total: number }> {
  const [total, rows] = await Promise.all([
    Category.count(),
    Category.findAll({
      attributes: ATTRIBUTES,
      order: [['id', 'ASC']],
      limit: page.per_page,
      offset: offsetOf(page),
      raw: true,
    }),
  ]);
  return { items: await attachEmbeddedProducts(rows.map(toRef), embeddedProductsByCategory), total };
}

export async function getCategory(id: number): Promise<CategoryDto> {
  const row = await Category.findByPk(id, { attributes: ATTRIBUTES, raw: true });
  if (row === null) throw notFound('Category', id);
  const [category] = await attachEmbeddedProducts([toRef(row)], embeddedProductsByCategory);
  return category ?? { ...toRef(row), product_count: 0, products: [] };
}

export async function createCategory(body: CategoryBody): Promise<CategoryDto> {
  const category = await Category.create(body);
  return { id: category.id, category_name: category.category_name, product_count: 0, products: [] };
}

export async function updateCategory(id: number, body: CategoryBody): Promise<CategoryDto> {
  const category = await Category.findByPk(id);
  if (category === null) throw notFound('Category', id);
  await category.update(body);
  return getCategory(id);
}

/** Its products stay, with category_id set to NULL by the foreign key's ON DELETE SET NULL. */
export async function deleteCategory(id: number): Promise<void> {
  const deleted = await Category.destroy({ where: { id } });
  catalogCounts.clear();
  if (deleted === 0) throw notFound('Category', id);
}
