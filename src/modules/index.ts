import type { FeatureModule } from '../shared/feature-module';
import { authModule } from './auth';
import { customersModule } from './customers';
import { healthModule } from './health';
import { inventoryModule } from './inventory';
import { offersModule } from './offers';
import { ordersModule } from './orders';
import { productGroupsModule } from './product-groups';
import { productsModule } from './products';

/**
 * Every feature module, in the order their routes are mounted and their sections appear in the docs. Adding a
 * resource means adding it here (and, if it relates to others, to database/associations.ts).
 */
export const FEATURE_MODULES: readonly FeatureModule[] = [
  authModule,
  customersModule,
  productGroupsModule,
  productsModule,
  offersModule,
  ordersModule,
  inventoryModule,
  healthModule,
];
