import { notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import type { PageRequest } from '../../shared/pagination';
import { catalogCounts } from '../products/catalog-counts';
import { attachEmbeddedProducts, embeddedProductsByTag } from '../products/embedded-products';
import type { EmbeddedProducts } from '../products/embedded-products';
import type { TagRef } from '../products/product.service';
import type { TagBody } from './tag.schemas';
import { Tag } from './tag.model';

export type TagDto = TagRef & EmbeddedProducts;

const ATTRIBUTES = ['id', 'tag_name'];

const toRef = (row: Tag): TagRef => ({ id: row.id, tag_name: row.tag_name });

export async function listTags(page: PageRequest): Promise<{ items: TagDto[]; total: number }> {
  const [total, rows] = await Promise.all([
    Tag.count(),
    Tag.findAll({
      attributes: ATTRIBUTES,
      order: [['id', 'ASC']],
      limit: page.per_page,
      offset: offsetOf(page),
      raw: true,
    }),
  ]);
  return { items: await attachEmbeddedProducts(rows.map(toRef), embeddedProductsByTag), total };
}

export async function getTag(id: number): Promise<TagDto> {
  const row = await Tag.findByPk(id, { attributes: ATTRIBUTES, raw: true });
  if (row === null) throw notFound('Tag', id);
  const [tag] = await attachEmbeddedProducts([toRef(row)], embeddedProductsByTag);
  return tag ?? { ...toRef(row), product_count: 0, products: [] };
}

export async function createTag(body: TagBody): Promise<TagDto> {
  const tag = await Tag.create(body);
  return { id: tag.id, tag_name: tag.tag_name, product_count: 0, products: [] };
}

export async function updateTag(id: number, body: TagBody): Promise<TagDto> {
  const tag = await Tag.findByPk(id);
  if (tag === null) throw notFound('Tag', id);
  await tag.update(body);
  return getTag(id);
}

/** Its product links go with it (product_tag cascades); the products stay. */
export async function deleteTag(id: number): Promise<void> {
  const deleted = await Tag.destroy({ where: { id } });
  catalogCounts.clear();
  if (deleted === 0) throw notFound('Tag', id);
}
