import { QueryTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';
import { getConfig } from '../../src/config/env';

// The FULLTEXT index that SEARCH_MODE=fulltext (the default) searches product names with. The first migration
// created it until MySQL-compatible clusters without FULLTEXT (TiDB) had to run the migrations too; now it is
// created here, and not at all under SEARCH_MODE=prefix, which searches with LIKE and whose schema check does not
// ask for it. A database migrated before this change has the index already: up leaves it as it is. A database
// migrated under prefix and later switched to fulltext must get the index by hand (README, "Database engines").
const TABLE = 'product';
const INDEX = 'product_name_fulltext';

async function hasIndex(queryInterface: QueryInterface): Promise<boolean> {
  const rows = await queryInterface.sequelize.query(
    `SELECT 1 FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table AND INDEX_NAME = :index LIMIT 1`,
    { replacements: { table: TABLE, index: INDEX }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  if (getConfig().searchMode === 'prefix' || (await hasIndex(queryInterface))) return;
  await queryInterface.addIndex(TABLE, ['product_name'], { name: INDEX, type: 'FULLTEXT' });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  if (await hasIndex(queryInterface)) await queryInterface.removeIndex(TABLE, INDEX);
};
