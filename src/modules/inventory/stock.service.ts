import type { Transaction } from 'sequelize';
import { selectRows, writeInTransaction } from '../../database/select';
import { withTransaction } from '../../database/transaction';
import { invalidateCatalogCounts } from '../../shared/catalog-counts';
import { AppError, notFound } from '../../shared/errors';
import { toDateTime3 } from '../../shared/sql';
import { offsetOf } from '../../shared/pagination';
import type { PageRequest } from '../../shared/pagination';
import { StockMovement } from './stock-movement.model';
import type { MovementReason } from './stock-movement.model';
import { planStockChange, stockStatus } from './stock-rules';
import type { StockSettings } from './stock-rules';
import type {
  AdjustedStockDto,
  LowStockDto,
  MovementDto,
  SetStockBody,
  StockAdjustmentBody,
  StockLevelDto,
} from './stock.schemas';

/**
 * The columns of a product that a stock change reads under its row lock: the levels it moves, and the name and
 * price that an order line snapshots.
 */
export const LOCKED_PRODUCT_COLUMNS = [
  'id',
  'product_name',
  'price',
  'stock',
  'low_stock_threshold',
  'restock_quantity',
] as const;

export interface LockedProduct extends StockSettings {
  id: number;
  product_name: string;
  price: number;
}

export interface StockChange {
  productId: number;
  delta: number;
  reason: Exclude<MovementReason, 'auto_restock'>;
  reference?: string | null;
  note?: string | null;
}

const toMovementDto = (movement: StockMovement): MovementDto => ({
  id: movement.id,
  product_id: movement.product_id,
  delta: movement.delta,
  reason: movement.reason,
  reference: movement.reference,
  note: movement.note,
  stock_after: movement.stock_after,
  created_at: movement.created_at.toISOString(),
});

const toStockLevel = (product: LockedProduct): StockLevelDto => ({
  product_id: product.id,
  stock: product.stock,
  low_stock_threshold: product.low_stock_threshold,
  restock_quantity: product.restock_quantity,
  status: stockStatus(product.stock, product.low_stock_threshold),
});

const LOCKED_COLUMNS = LOCKED_PRODUCT_COLUMNS.join(', ');

/**
 * Locks the products' rows (SELECT ... FOR UPDATE) in ascending id order, the one order every writer uses, so
 * that two transactions touching the same products queue instead of deadlocking.
 */
export async function lockProducts(
  ids: number[],
  transaction: Transaction,
): Promise<Map<number, LockedProduct>> {
  if (ids.length === 0) return new Map();
  const rows = await selectRows<LockedProduct>(
    `SELECT ${LOCKED_COLUMNS} FROM product WHERE id IN (:ids) ORDER BY id FOR UPDATE`,
    { ids },
    transaction,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

type MovementRow = Omit<MovementDto, 'id' | 'created_at'>;

/**
 * Sets the new stock levels of products the caller has locked, in one UPDATE, and returns the ledger rows to write
 * for them (with any automatic restock). Updates `locked` in place to the new levels.
 */
async function updateStockLevels(
  locked: Map<number, LockedProduct>,
  changes: StockChange[],
  transaction: Transaction,
): Promise<MovementRow[]> {
  const rows: MovementRow[] = [];
  const levels: Array<{ id: number; stock: number }> = [];
  let inStockChanged = false;
  for (const change of [...changes].sort((a, b) => a.productId - b.productId)) {
    const product = locked.get(change.productId);
    if (product === undefined)
      throw new Error(`product ${change.productId} was not locked before a stock change`);
    const plan = planStockChange(product, change.delta, change.reason);
    if (plan === null) {
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `Product ${product.id} has ${product.stock} in stock; a change of ${change.delta} would take it below zero`,
      );
    }
    // Emptied or refilled: the product moves in or out of `in_stock`, so the cached counts are stale.
    if (plan.finalStock > 0 !== product.stock > 0) inStockChanged = true;
    product.stock = plan.finalStock;
    levels.push({ id: product.id, stock: plan.finalStock });
    for (const movement of plan.movements) {
      rows.push({
        product_id: product.id,
        ...movement,
        reference: change.reference ?? null,
        note:
          movement.reason === 'auto_restock'
            ? `stock fell to ${plan.movements[0]?.stock_after ?? 0}`
            : (change.note ?? null),
      });
    }
  }
  if (levels.length > 0) {
    const replacements: Record<string, number | number[]> = { ids: levels.map((level) => level.id) };
    const cases = levels.map(({ id, stock }, index) => {
      replacements[`id${index}`] = id;
      replacements[`stock${index}`] = stock;
      return `WHEN :id${index} THEN :stock${index}`;
    });
    await writeInTransaction(
      `UPDATE product SET stock = CASE id ${cases.join(' ')} END WHERE id IN (:ids)`,
      replacements,
      transaction,
    );
  }
  if (inStockChanged) invalidateCatalogCounts(transaction);
  return rows;
}

/**
 * Applies stock changes to products the caller has locked, writing the ledger rows (and any automatic restock)
 * in the caller's transaction: one UPDATE for the levels and one multi-row INSERT for the ledger, so that the
 * locked rows are held for two round trips whatever the number of products. Updates `locked` in place to the new
 * stock levels. Returns nothing: the ids of a multi-row INSERT are consecutive only on servers that hand them out
 * that way (not a cluster with auto_increment_increment above 1, nor TiDB's per-server id caches). A caller that
 * answers with the rows uses applyStockChangeAnsweringRows.
 */
export async function applyStockChanges(
  locked: Map<number, LockedProduct>,
  changes: StockChange[],
  transaction: Transaction,
): Promise<void> {
  const rows = await updateStockLevels(locked, changes, transaction);
  if (rows.length === 0) return;
  const now = toDateTime3(new Date());
  const replacements: Record<string, string | number | null> = { now };
  const values = rows.map((row, index) => {
    for (const [column, value] of Object.entries(row)) replacements[`${column}${index}`] = value;
    return `(:product_id${index}, :delta${index}, :reason${index}, :reference${index}, :note${index}, :stock_after${index}, :now)`;
  });
  await writeInTransaction(
    `INSERT INTO stock_movement (product_id, delta, reason, reference, note, stock_after, created_at) VALUES ${values.join(', ')}`,
    replacements,
    transaction,
  );
}

/**
 * Like applyStockChanges, for one product (one or two ledger rows), answering with the rows as written: each is
 * its own INSERT, whose insert id is the row's id on every MySQL-compatible server.
 */
async function applyStockChangeAnsweringRows(
  locked: Map<number, LockedProduct>,
  change: StockChange,
  transaction: Transaction,
): Promise<MovementDto[]> {
  const movements: MovementDto[] = [];
  for (const row of await updateStockLevels(locked, [change], transaction)) {
    movements.push(toMovementDto(await StockMovement.create(row, { transaction })));
  }
  return movements;
}

async function findStockLevel(productId: number): Promise<LockedProduct> {
  const [row] = await selectRows<LockedProduct>(
    `SELECT ${LOCKED_COLUMNS} FROM product WHERE id = :productId`,
    {
      productId,
    },
  );
  if (row === undefined) throw notFound('Product', productId);
  return row;
}

export const getStockLevel = async (productId: number): Promise<StockLevelDto> =>
  toStockLevel(await findStockLevel(productId));

/** An admin's correction; a result below zero is refused (409) and changes nothing. */
export async function adjustStock(productId: number, body: StockAdjustmentBody): Promise<AdjustedStockDto> {
  return withTransaction(async (transaction) => {
    const locked = await lockProducts([productId], transaction);
    const product = locked.get(productId);
    if (product === undefined) throw notFound('Product', productId);
    if (product.stock + body.delta < 0) {
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `Product ${productId} has ${product.stock} in stock; an adjustment of ${body.delta} would take it below zero`,
        [{ pointer: '#/delta', detail: `must be at least -${product.stock}` }],
      );
    }
    const movements = await applyStockChangeAnsweringRows(
      locked,
      { productId, delta: body.delta, reason: 'adjustment', note: body.reason },
      transaction,
    );
    return { ...toStockLevel(product), movements };
  });
}

/**
 * A stocktake: sets the level to what was counted, as one `adjustment` movement of the difference, under the
 * product's row lock like every stock change (a count equal to the level writes nothing). Automatic restock
 * applies as after any change.
 */
export async function setStockLevel(productId: number, body: SetStockBody): Promise<AdjustedStockDto> {
  return withTransaction(async (transaction) => {
    const locked = await lockProducts([productId], transaction);
    const product = locked.get(productId);
    if (product === undefined) throw notFound('Product', productId);
    const delta = body.stock - product.stock;
    const movements =
      delta === 0
        ? []
        : await applyStockChangeAnsweringRows(
            locked,
            { productId, delta, reason: 'adjustment', note: `counted ${String(body.stock)}: ${body.reason}` },
            transaction,
          );
    return { ...toStockLevel(product), movements };
  });
}

/** The ledger of one product, newest first. */
export async function listMovements(
  productId: number,
  page: PageRequest,
): Promise<{ items: MovementDto[]; total: number }> {
  await findStockLevel(productId);
  const { rows, count } = await StockMovement.findAndCountAll({
    where: { product_id: productId },
    order: [['id', 'DESC']],
    limit: page.per_page,
    offset: offsetOf(page),
  });
  return { items: rows.map(toMovementDto), total: count };
}

/** Products at or below their threshold, emptiest first. */
export async function listLowStock(page: PageRequest): Promise<{ items: LowStockDto[]; total: number }> {
  const where = 'WHERE stock <= low_stock_threshold';
  const [countRows, rows] = await Promise.all([
    selectRows<{ total: number }>(`SELECT COUNT(*) AS total FROM product ${where}`),
    selectRows<LockedProduct>(
      `SELECT ${LOCKED_COLUMNS} FROM product ${where} ORDER BY stock ASC, id ASC LIMIT :limit OFFSET :offset`,
      { limit: page.per_page, offset: offsetOf(page) },
    ),
  ]);
  return {
    items: rows.map((row) => ({ ...toStockLevel(row), product_name: row.product_name })),
    total: countRows[0]?.total ?? 0,
  };
}
