/** Stock levels, the stock ledger (every change a row), adjustments, automatic restock and the low-stock report. */
import type { FeatureModule } from '../../shared/feature-module';
import { documentStockRoutes } from './stock.openapi';
import { stockRouter } from './stock.router';

export { StockMovement } from './stock-movement.model';
export { applyStockChanges, lockProducts } from './stock.service';
export type { LockedProduct, StockChange } from './stock.service';

export const inventoryModule: FeatureModule = {
  // Its routes sit under /products/{id}/stock and /inventory, so the router is mounted at /api itself.
  routes: [{ path: '/', router: () => stockRouter }],
  docs: {
    tags: [
      { name: 'Stock', description: 'Stock levels, the stock ledger, adjustments and the low-stock report' },
    ],
    document: documentStockRoutes,
  },
};
