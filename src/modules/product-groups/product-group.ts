import { embeddedProductsByCategory, embeddedProductsByTag } from './embedded-products';
import type { EmbeddedProducts } from './embedded-products';

/**
 * Categories and tags are one kind of resource: a named group of products, listed with its first products and a
 * product_count. Everything about them is generic over this description; only names, the table and how their
 * products are found differ.
 */
export interface ProductGroup {
  /** category, categories */
  singular: 'category' | 'tag';
  plural: string;
  /** /api/categories */
  path: string;
  table: 'category' | 'tag';
  /** category_name */
  nameField: 'category_name' | 'tag_name';
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

/**
 * A group's description from its names; everything else follows from them: /api/categories, table category,
 * column category_name, product filter category_id, tag Categories, component Category.
 */
function productGroup(
  [singular, plural]: [ProductGroup['singular'], string],
  membership: string,
  deleteNote: string,
  [created, renamed]: [string, string],
  loadEmbedded: ProductGroup['loadEmbedded'],
): ProductGroup {
  const capitalized = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  const nameField = `${singular}_name` as const;
  return {
    singular,
    plural,
    path: `/api/${plural}`,
    table: singular,
    nameField,
    productFilter: `${singular}_id`,
    docsTag: capitalized(plural),
    component: capitalized(singular),
    membership,
    deleteNote,
    createExample: { [nameField]: created },
    renameExample: { [nameField]: renamed },
    loadEmbedded,
  };
}

// Deleting a category sets its products' category_id NULL (ON DELETE SET NULL); deleting a tag removes its links.
export const categories = productGroup(
  ['category', 'categories'],
  'of this category',
  'Its products stay, with category_id null.',
  ['Jackets', 'Outerwear'],
  embeddedProductsByCategory,
);

export const tags = productGroup(
  ['tag', 'tags'],
  'with this tag',
  'It is removed from its products; the products stay.',
  ['vintage', 'classic rock'],
  embeddedProductsByTag,
);
