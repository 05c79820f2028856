import type { MovementReason } from './stock-movement.model';

export interface StockSettings {
  stock: number;
  low_stock_threshold: number;
  restock_quantity: number;
}

export interface PlannedMovement {
  delta: number;
  reason: MovementReason;
  stock_after: number;
}

export const STOCK_STATUSES = ['in_stock', 'low_stock', 'out_of_stock'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

export const stockStatus = (stock: number, lowStockThreshold: number): StockStatus =>
  stock <= 0 ? 'out_of_stock' : stock <= lowStockThreshold ? 'low_stock' : 'in_stock';

/**
 * Pure: the ledger rows for one change of a product's stock. When the change leaves stock at or below the
 * threshold and the product has a restock quantity, an auto_restock row follows in the same plan (once).
 * Returns null when the change would take stock below zero.
 */
export function planStockChange(
  product: StockSettings,
  delta: number,
  reason: Exclude<MovementReason, 'auto_restock'>,
): { movements: PlannedMovement[]; finalStock: number } | null {
  const afterChange = product.stock + delta;
  if (afterChange < 0) return null;
  const movements: PlannedMovement[] = [{ delta, reason, stock_after: afterChange }];
  let finalStock = afterChange;
  if (afterChange <= product.low_stock_threshold && product.restock_quantity > 0) {
    finalStock = afterChange + product.restock_quantity;
    movements.push({ delta: product.restock_quantity, reason: 'auto_restock', stock_after: finalStock });
  }
  return { movements, finalStock };
}
