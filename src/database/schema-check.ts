import { QueryTypes } from 'sequelize';
import type { Model, ModelStatic, Sequelize } from 'sequelize';
import type { SearchMode } from '../config/env';

interface ColumnRow {
  table_name: string;
  column_name: string;
  column_type: string;
  is_nullable: 'YES' | 'NO';
}

interface IndexRow {
  table_name: string;
  index_name: string;
}

interface SqlType {
  toSql(options: { escape: (value: unknown) => string }): string;
}

/**
 * One spelling for a column type, whichever server or Sequelize wrote it: int(11), INT and INTEGER are all `int`;
 * MariaDB keeps JSON as longtext.
 */
export function normalizeColumnType(type: string): string {
  return type
    .toLowerCase()
    .replace(/,\s+/g, ',')
    .replace(/^integer\b/, 'int')
    .replace(/^(int|bigint|smallint|mediumint)\(\d+\)/, '$1')
    .replace(/^json$/, 'longtext')
    .trim();
}

export interface SchemaCheckOptions {
  /**
   * Under `prefix`, the FULLTEXT indexes the models declare are not required: the migrations skip them there, for
   * servers that have no FULLTEXT. Default `fulltext`: they are required.
   */
  searchMode?: SearchMode;
}

/** The indexes the models name, each with whether it is a FULLTEXT index. */
function expectedIndexes(model: ModelStatic<Model>): Array<{ name: string; fulltext: boolean }> {
  const indexes = (model.options.indexes ?? []).flatMap((index) =>
    typeof index.name === 'string' ? [{ name: index.name, fulltext: index.type === 'FULLTEXT' }] : [],
  );
  for (const attribute of Object.values(model.getAttributes())) {
    if (typeof attribute.unique === 'string') indexes.push({ name: attribute.unique, fulltext: false });
  }
  return indexes;
}

/**
 * Compares the connected database with the models (by default those defined on this instance): every table, column, column type, nullability and named index
 * the models use must be there. Returns one line per difference, naming the table and column; none when they
 * match. Columns the models do not know are allowed (a newer migration may have added one).
 */
export async function findSchemaMismatches(
  sequelize: Sequelize,
  models: Array<ModelStatic<Model>> = Object.values(sequelize.models),
  { searchMode = 'fulltext' }: SchemaCheckOptions = {},
): Promise<string[]> {
  const columns = await sequelize.query<ColumnRow>(
    `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type,
            IS_NULLABLE AS is_nullable
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
    { type: QueryTypes.SELECT },
  );
  const indexes = await sequelize.query<IndexRow>(
    `SELECT DISTINCT TABLE_NAME AS table_name, INDEX_NAME AS index_name
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()`,
    { type: QueryTypes.SELECT },
  );
  const columnOf = new Map(columns.map((row) => [`${row.table_name}.${row.column_name}`, row]));
  const tables = new Set(columns.map((row) => row.table_name));
  const indexNames = new Set(indexes.map((row) => `${row.table_name}.${row.index_name}`));
  const escape = (value: unknown) => sequelize.escape(value as string);

  const mismatches: string[] = [];
  for (const model of models) {
    const table = model.tableName;
    if (!tables.has(table)) {
      mismatches.push(`table ${table} is missing`);
      continue;
    }
    for (const attribute of Object.values(model.getAttributes())) {
      const column = attribute.field ?? '';
      const actual = columnOf.get(`${table}.${column}`);
      if (actual === undefined) {
        mismatches.push(`table ${table}: column ${column} is missing`);
        continue;
      }
      const expectedType = normalizeColumnType((attribute.type as unknown as SqlType).toSql({ escape }));
      const actualType = normalizeColumnType(actual.column_type);
      if (expectedType !== actualType) {
        mismatches.push(
          `table ${table}: column ${column} is ${actualType}, the model expects ${expectedType}`,
        );
      }
      const nullable = attribute.allowNull !== false && attribute.primaryKey !== true;
      if (nullable !== (actual.is_nullable === 'YES')) {
        mismatches.push(
          `table ${table}: column ${column} is ${actual.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}, ` +
            `the model expects ${nullable ? 'NULL' : 'NOT NULL'}`,
        );
      }
    }
    for (const { name, fulltext } of expectedIndexes(model)) {
      if (fulltext && searchMode === 'prefix') continue;
      if (indexNames.has(`${table}.${name}`)) continue;
      mismatches.push(
        fulltext
          ? `table ${table}: index ${name} is missing (SEARCH_MODE=fulltext searches with it: set ` +
              `SEARCH_MODE=prefix, or create it as README "Database engines" says)`
          : `table ${table}: index ${name} is missing`,
      );
    }
  }
  return mismatches;
}
