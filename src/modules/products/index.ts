/** The catalog's products, with their category and tags. */
import type { FeatureModule } from '../../shared/feature-module';
import { productEndpoints } from './product.routes';

export { Product } from './product.model';
export { ProductTag } from './product-tag.model';
export { EMBEDDED_PRODUCT_COLUMNS, embeddedProductSchema } from './product.schemas';
export type { EmbeddedProduct } from './product.schemas';
export { createProduct } from './product.service';
export { SEARCH_MODE_SETTING } from './product-search';

export const productsModule: FeatureModule = {
  endpoints: productEndpoints,
  tags: [{ name: 'Products', description: 'The catalog: products with their category and tags' }],
};
