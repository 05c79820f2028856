/** Stock levels, the stock ledger (every change a row), adjustments, automatic restock and the low-stock report. */
import type { FeatureModule } from '../../shared/feature-module';
import { stockEndpoints } from './stock.routes';

export { StockMovement } from './stock-movement.model';
export { MAX_STOCK } from './stock.schemas';
export { LOCKED_PRODUCT_COLUMNS, applyStockChanges, lockProducts } from './stock.service';
export type { LockedProduct, StockChange } from './stock.service';

export const inventoryModule: FeatureModule = {
  endpoints: stockEndpoints,
  tags: [
    { name: 'Stock', description: 'Stock levels, the stock ledger, adjustments and the low-stock report' },
  ],
};
