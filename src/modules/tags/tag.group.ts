import type { ProductGroupNames } from '../products/product-group';

export const tagNames: ProductGroupNames = {
  path: '/api/tags',
  tag: 'Tags',
  component: 'Tag',
  singular: 'tag',
  plural: 'tags',
  nameField: 'tag_name',
  productFilter: 'tag_id',
  membership: 'with this tag',
  deleteNote: 'It is removed from its products; the products stay.',
  createExample: { tag_name: 'vintage' },
  renameExample: { tag_name: 'classic rock' },
};
