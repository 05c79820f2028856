/** The assignment's categories, in its order (ids 1-5). */
export const categorySeeds = [
  { category_name: 'Shirts' },
  { category_name: 'Shorts' },
  { category_name: 'Music' },
  { category_name: 'Hats' },
  { category_name: 'Shoes' },
];
