import type { ProductGroupNames } from '../products/product-group';

export const categoryNames: ProductGroupNames = {
  path: '/api/categories',
  tag: 'Categories',
  component: 'Category',
  singular: 'category',
  plural: 'categories',
  nameField: 'category_name',
  productFilter: 'category_id',
  membership: 'of this category',
  deleteNote: 'Its products stay, with category_id null.',
  createExample: { category_name: 'Jackets' },
  renameExample: { category_name: 'Outerwear' },
};
