/** Categories and tags: named groups of products, one generic module. */
import type { FeatureModule } from '../../shared/feature-module';
import { categories, tags } from './product-group';
import { groupEndpoints } from './product-group.routes';

export { Category } from './category.model';
export { Tag } from './tag.model';
export { EMBEDDED_PRODUCTS_LIMIT } from './embedded-products';

export const productGroupsModule: FeatureModule = {
  endpoints: [...groupEndpoints(categories), ...groupEndpoints(tags)],
  tags: [
    { name: 'Categories', description: 'The catalog: categories with their products' },
    { name: 'Tags', description: 'The catalog: tags with their products' },
  ],
};
