import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

// A product's own stock-keeping code. Nullable, so every existing product stays valid without one; unique when
// set (the collation ignores case, so "TS-01" and "ts-01" are the same code).
export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.addColumn('product', 'sku', {
    type: DataTypes.STRING(64),
    allowNull: true,
    defaultValue: null,
  });
  await queryInterface.addIndex('product', ['sku'], { name: 'product_sku_unique', unique: true });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.removeIndex('product', 'product_sku_unique');
  await queryInterface.removeColumn('product', 'sku');
};
