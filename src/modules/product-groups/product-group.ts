import { embeddedProductsByCategory, embeddedProductsByTag } from './embedded-products';
import type { EmbeddedProducts } from './embedded-products';

/**
 * Categories and tags are one kind of resource: a named group of products, listed with its first products and a
 * product_count. Everything about them is generic over this description; only names, the table and how their
 * products are found differ.
 */
export interface ProductGroup {
  /** category, categories */
  singular: string;
  plural: string;
  /** /api/categories */
  path: string;
  table: 'category' | 'tag';
  /** category_name */
  nameField: 'category_name' | 'tag_name';
  /** Its unique index, whose violation is a 409 naming nameField. */
  uniqueIndex: string;
  /** The product filter for the full list: category_id */
  productFilter: string;
  /** OpenAPI tag and component */
  docsTag: string;
  component: string;
  /** "of this category", "with this tag" */
  membership: string;
  deleteNote: string;
  createExample: Record<string, string>;
  renameExample: Record<string, string>;
  loadEmbedded: (ids: number[]) => Promise<Map<number, EmbeddedProducts>>;
}

export const categories: ProductGroup = {
  singular: 'category',
  plural: 'categories',
  path: '/api/categories',
  table: 'category',
  nameField: 'category_name',
  uniqueIndex: 'category_name_unique',
  productFilter: 'category_id',
  docsTag: 'Categories',
  component: 'Category',
  membership: 'of this category',
  // Its products stay, with category_id set to NULL by the foreign key's ON DELETE SET NULL.
  deleteNote: 'Its products stay, with category_id null.',
  createExample: { category_name: 'Jackets' },
  renameExample: { category_name: 'Outerwear' },
  loadEmbedded: embeddedProductsByCategory,
};

export const tags: ProductGroup = {
  singular: 'tag',
  plural: 'tags',
  path: '/api/tags',
  table: 'tag',
  nameField: 'tag_name',
  uniqueIndex: 'tag_name_unique',
  productFilter: 'tag_id',
  docsTag: 'Tags',
  component: 'Tag',
  membership: 'with this tag',
  // Its product links go with it (product_tag cascades); the products stay.
  deleteNote: 'It is removed from its products; the products stay.',
  createExample: { tag_name: 'vintage' },
  renameExample: { tag_name: 'classic rock' },
  loadEmbedded: embeddedProductsByTag,
};
