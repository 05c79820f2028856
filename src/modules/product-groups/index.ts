/** Categories and tags: named groups of products, one generic module. */
import type { FeatureModule } from '../../shared/feature-module';
import { categories, tags } from './product-group';
import { documentProductGroup } from './product-group.openapi';
import { createProductGroupRouter } from './product-group.router';

export { Category } from './category.model';
export { Tag } from './tag.model';
export { EMBEDDED_PRODUCTS_LIMIT } from './embedded-products';

export const productGroupsModule: FeatureModule = {
  routes: [
    { path: '/categories', router: () => createProductGroupRouter(categories) },
    { path: '/tags', router: () => createProductGroupRouter(tags) },
  ],
  docs: {
    tags: [
      { name: 'Categories', description: 'The catalog: categories with their products' },
      { name: 'Tags', description: 'The catalog: tags with their products' },
    ],
    document: () => {
      documentProductGroup(categories);
      documentProductGroup(tags);
    },
  },
};
