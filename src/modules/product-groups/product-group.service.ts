import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { selectRows } from '../../database/select';
import { getSequelize } from '../../database/sequelize';
import { AppError, notFound } from '../../shared/errors';
import { offsetOf } from '../../shared/pagination';
import type { PageRequest } from '../../shared/pagination';
import { invalidateCatalogCounts } from '../../shared/catalog-counts';
import type { EmbeddedProducts } from './embedded-products';
import type { ProductGroup } from './product-group';

/** A category or a tag as clients see it: `{id, category_name | tag_name, product_count, products}`. */
export type GroupDto = { id: number } & Record<string, unknown> & EmbeddedProducts;

interface GroupRow {
  id: number;
  name: string;
}

const capitalized = (group: ProductGroup) =>
  `${group.singular.charAt(0).toUpperCase()}${group.singular.slice(1)}`;

async function withEmbeddedProducts(group: ProductGroup, rows: GroupRow[]): Promise<GroupDto[]> {
  const embedded = await group.loadEmbedded(rows.map((row) => row.id));
  return rows.map(({ id, name }) => ({
    id,
    [group.nameField]: name,
    ...(embedded.get(id) ?? { product_count: 0, products: [] }),
  }));
}

async function findRow(group: ProductGroup, id: number): Promise<GroupRow> {
  const [row] = await selectRows<GroupRow>(
    `SELECT id, ${group.nameField} AS name FROM ${group.table} WHERE id = :id`,
    { id },
  );
  if (row === undefined) throw notFound(capitalized(group), id);
  return row;
}

/** A duplicate name (ignoring case, by the collation) is a 409 naming the field. */
function writeError(group: ProductGroup, error: unknown): unknown {
  if (!(error instanceof UniqueConstraintError)) return error;
  return new AppError('CONFLICT', `A ${group.singular} with this ${group.nameField} already exists`, [
    { pointer: `#/${group.nameField}`, detail: 'is already taken' },
  ]);
}

export async function listGroups(
  group: ProductGroup,
  page: PageRequest,
): Promise<{ items: GroupDto[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    selectRows<GroupRow>(
      `SELECT id, ${group.nameField} AS name FROM ${group.table} ORDER BY id LIMIT :limit OFFSET :offset`,
      { limit: page.per_page, offset: offsetOf(page) },
    ),
    selectRows<{ total: number }>(`SELECT COUNT(*) AS total FROM ${group.table}`),
  ]);
  return { items: await withEmbeddedProducts(group, rows), total: count?.total ?? 0 };
}

export async function getGroup(group: ProductGroup, id: number): Promise<GroupDto> {
  const [dto] = await withEmbeddedProducts(group, [await findRow(group, id)]);
  if (dto === undefined) throw notFound(capitalized(group), id);
  return dto;
}

export async function createGroup(group: ProductGroup, name: string): Promise<GroupDto> {
  try {
    const [id] = await getSequelize().query(
      `INSERT INTO ${group.table} (${group.nameField}) VALUES (:name)`,
      {
        replacements: { name },
        type: QueryTypes.INSERT,
      },
    );
    return { id, [group.nameField]: name, product_count: 0, products: [] };
  } catch (error) {
    throw writeError(group, error);
  }
}

/** A rename to the same name changes no row but is still a 200: existence is checked by reading, not by counts. */
export async function renameGroup(group: ProductGroup, id: number, name: string): Promise<GroupDto> {
  await findRow(group, id);
  try {
    await getSequelize().query(`UPDATE ${group.table} SET ${group.nameField} = :name WHERE id = :id`, {
      replacements: { id, name },
      type: QueryTypes.UPDATE,
    });
  } catch (error) {
    throw writeError(group, error);
  }
  return getGroup(group, id);
}

/** Deleting a group never deletes products: categories set their category_id NULL, tags lose their links. */
export async function deleteGroup(group: ProductGroup, id: number): Promise<void> {
  // DELETE reports the rows it removed (unlike UPDATE, which reports rows changed), so 0 means "no such row".
  const deleted = await getSequelize().query(`DELETE FROM ${group.table} WHERE id = :id`, {
    replacements: { id },
    type: QueryTypes.BULKDELETE,
  });
  invalidateCatalogCounts();
  if (deleted === 0) throw notFound(capitalized(group), id);
}
