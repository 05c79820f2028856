import { ForeignKeyConstraintError, Op } from 'sequelize';
import type { CreationAttributes, Transaction, WhereOptions } from 'sequelize';
import { withTransaction } from '../../database/transaction';
import { notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import {
  SALE_PRODUCTS,
  assertWindow,
  isRunning,
  toOfferDto,
  toOfferDtos,
  unknownReference,
  writeProductLinks,
} from './offer-common';
import { Sale } from './sale.model';
import type { SaleTarget } from './sale.model';
import type { CreateSaleBody, ListSalesQuery, SaleDto, UpdateSaleBody } from './sale.schemas';

interface SaleTargetColumns {
  target: SaleTarget;
  category_id: number | null;
  tag_id: number | null;
}

/** What a body's target fields make of the row: none (or all null) is the whole catalog. */
function saleTargetOf(body: {
  product_ids?: number[] | null | undefined;
  category_id?: number | null | undefined;
  tag_id?: number | null | undefined;
}): SaleTargetColumns {
  const columns = { category_id: body.category_id ?? null, tag_id: body.tag_id ?? null };
  if (body.product_ids != null) return { ...columns, target: 'products' };
  if (columns.category_id !== null) return { ...columns, target: 'category' };
  if (columns.tag_id !== null) return { ...columns, target: 'tag' };
  return { ...columns, target: 'catalog' };
}

/**
 * The foreign key refused the sale row: its category or its tag (a sale names at most one) is missing. Any other
 * refusal is not the body's doing and goes on as it is.
 */
function targetError(
  error: unknown,
  columns: { category_id: number | null; tag_id: number | null },
): unknown {
  if (!(error instanceof ForeignKeyConstraintError)) return error;
  if (columns.category_id !== null) return unknownReference('category_id', 'Category', columns.category_id);
  if (columns.tag_id !== null) return unknownReference('tag_id', 'Tag', columns.tag_id);
  return error;
}

const toSaleDto = (sale: Sale, productIds: number[], now: Date): SaleDto => ({
  id: sale.id,
  name: sale.name,
  percent_off: sale.percent_off,
  amount_off: sale.amount_off,
  starts_at: sale.starts_at.toISOString(),
  ends_at: sale.ends_at.toISOString(),
  applies_to: sale.target,
  product_ids: sale.target === 'products' ? productIds : [],
  category_id: sale.category_id,
  tag_id: sale.tag_id,
  active: isRunning(sale.starts_at, sale.ends_at, now),
  created_at: sale.created_at.toISOString(),
  updated_at: sale.updated_at.toISOString(),
});

const toSaleDtos = (sales: readonly Sale[], transaction?: Transaction) =>
  toOfferDtos(SALE_PRODUCTS, sales, toSaleDto, transaction);

const loadSale = (sale: Sale, transaction?: Transaction) =>
  toOfferDto(SALE_PRODUCTS, sale, toSaleDto, transaction);

/** The sale and its product links, in one transaction: all or nothing. */
export async function createSale(body: CreateSaleBody): Promise<SaleDto> {
  const target = saleTargetOf(body);
  return withTransaction(async (transaction) => {
    let sale: Sale;
    try {
      sale = await Sale.create(
        {
          name: body.name,
          percent_off: body.percent_off ?? null,
          amount_off: body.amount_off ?? null,
          starts_at: body.starts_at,
          ends_at: body.ends_at,
          ...target,
        },
        { transaction },
      );
    } catch (error) {
      throw targetError(error, target);
    }
    await writeProductLinks(SALE_PRODUCTS, sale.id, body.product_ids ?? [], transaction, { replace: false });
    return loadSale(sale, transaction);
  });
}

/** Running now (`active=true`) or not (`active=false`): not yet started, or ended. */
function saleActivityWhere(active: 'true' | 'false', now: Date): WhereOptions<Sale> {
  return active === 'true'
    ? { starts_at: { [Op.lte]: now }, ends_at: { [Op.gt]: now } }
    : { [Op.or]: [{ starts_at: { [Op.gt]: now } }, { ends_at: { [Op.lte]: now } }] };
}

/** Newest first (by id, descending): the page, its count and its product links, whatever the page size. */
export async function listSales(query: ListSalesQuery): Promise<{ items: SaleDto[]; total: number }> {
  const { rows, count } = await Sale.findAndCountAll({
    where: query.active === undefined ? {} : saleActivityWhere(query.active, new Date()),
    order: [['id', 'DESC']],
    limit: query.per_page,
    offset: offsetOf(query),
  });
  return { items: await toSaleDtos(rows), total: count };
}

export async function getSale(id: number): Promise<SaleDto> {
  const sale = await Sale.findByPk(id);
  if (sale === null) throw notFound('Sale', id);
  return loadSale(sale);
}

/**
 * Changes the fields sent. percent_off or amount_off, when either is sent, replaces the reduction; any of
 * product_ids, category_id and tag_id, when sent, replaces the target (all null: the whole catalog). The merged
 * window must still be non-empty. updated_at moves on every update, a change of products alone included.
 */
export async function updateSale(id: number, body: UpdateSaleBody): Promise<SaleDto> {
  return withTransaction(async (transaction) => {
    const sale = await Sale.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (sale === null) throw notFound('Sale', id);
    // Fields not sent are absent from the parsed body, so the plain columns can be copied as they are.
    const { percent_off, amount_off, product_ids, category_id, tag_id, ...plain } = body;
    const changes: Partial<CreationAttributes<Sale>> = { ...plain };
    if (percent_off !== undefined || amount_off !== undefined) {
      changes.percent_off = percent_off ?? null;
      changes.amount_off = amount_off ?? null;
    }
    assertWindow(plain.starts_at ?? sale.starts_at, plain.ends_at ?? sale.ends_at, body);
    const target =
      product_ids !== undefined || category_id !== undefined || tag_id !== undefined
        ? saleTargetOf({ product_ids, category_id, tag_id })
        : undefined;
    sale.set({ ...changes, ...target });
    sale.changed('updated_at', true);
    try {
      await sale.save({ transaction });
    } catch (error) {
      throw target === undefined ? error : targetError(error, target);
    }
    if (target !== undefined) {
      await writeProductLinks(SALE_PRODUCTS, id, product_ids ?? [], transaction, { replace: true });
    }
    return loadSale(sale, transaction);
  });
}

export async function deleteSale(id: number): Promise<void> {
  // DELETE reports the rows it removed (unlike UPDATE, which reports rows changed), so 0 means "no such row".
  // The sale's product links go with it (ON DELETE CASCADE).
  const deleted = await Sale.destroy({ where: { id } });
  if (deleted === 0) throw notFound('Sale', id);
}
