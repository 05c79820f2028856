import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

// Offers: seasonal sales (evaluated when a product is read or ordered, never by a scheduled job), coupons with
// their redemptions (one row per order that used one, written in the order's transaction so that usage limits
// hold), and the order columns that carry a discount. Orders placed before keep their figures: their subtotal is
// their total and their discount zero.

const TABLE_OPTIONS = { engine: 'InnoDB', charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const SALE_TARGETS = ['catalog', 'products', 'category', 'tag'];
const COUPON_TARGETS = ['catalog', 'products', 'category'];

const id = { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true };
const reference = (table: string, allowNull = false) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
const money = (allowNull: boolean) => ({ type: DataTypes.DECIMAL(10, 2), allowNull });
const moment = (allowNull: boolean) => ({ type: DataTypes.DATE(3), allowNull });
const discountKind = {
  percent_off: { type: DataTypes.INTEGER, allowNull: true },
  amount_off: money(true),
};

export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  const createTable = (name: string, attributes: Parameters<QueryInterface['createTable']>[1]) =>
    queryInterface.createTable(name, attributes, TABLE_OPTIONS);
  const addIndex = (table: string, name: string, fields: string[], options: { unique?: boolean } = {}) =>
    queryInterface.addIndex(table, fields, { name, ...options });

  await createTable('sale', {
    id,
    name: { type: DataTypes.STRING(100), allowNull: false },
    ...discountKind,
    starts_at: moment(false),
    ends_at: moment(false),
    target: { type: DataTypes.ENUM(...SALE_TARGETS), allowNull: false },
    category_id: reference('category', true),
    tag_id: reference('tag', true),
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  });
  // Every read looks up the sales running now: those that have not ended, a short range of a small table.
  await addIndex('sale', 'sale_ends_at', ['ends_at', 'starts_at']);

  await createTable('sale_product', { id, sale_id: reference('sale'), product_id: reference('product') });
  await addIndex('sale_product', 'sale_product_pair_unique', ['sale_id', 'product_id'], { unique: true });
  await addIndex('sale_product', 'sale_product_product', ['product_id', 'sale_id']);

  await createTable('coupon', {
    id,
    code: { type: DataTypes.STRING(40), allowNull: false },
    ...discountKind,
    starts_at: moment(true),
    ends_at: moment(true),
    usage_limit: { type: DataTypes.INTEGER, allowNull: true },
    usage_limit_per_customer: { type: DataTypes.INTEGER, allowNull: true },
    min_subtotal: money(true),
    first_order_only: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    target: { type: DataTypes.ENUM(...COUPON_TARGETS), allowNull: false },
    category_id: reference('category', true),
    times_used: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  });
  await addIndex('coupon', 'coupon_code_unique', ['code'], { unique: true });

  await createTable('coupon_product', {
    id,
    coupon_id: reference('coupon'),
    product_id: reference('product'),
  });
  await addIndex('coupon_product', 'coupon_product_pair_unique', ['coupon_id', 'product_id'], {
    unique: true,
  });
  await addIndex('coupon_product', 'coupon_product_product', ['product_id']);

  await createTable('coupon_redemption', {
    id,
    coupon_id: reference('coupon'),
    order_id: reference('orders'),
    customer_id: reference('customer'),
    created_at: DataTypes.DATE(3),
  });
  await addIndex('coupon_redemption', 'coupon_redemption_order_unique', ['order_id'], { unique: true });
  await addIndex('coupon_redemption', 'coupon_redemption_customer', ['coupon_id', 'customer_id']);

  await queryInterface.addColumn('orders', 'subtotal', money(true));
  await queryInterface.sequelize.query('UPDATE orders SET subtotal = total');
  await queryInterface.changeColumn('orders', 'subtotal', money(false));
  await queryInterface.addColumn('orders', 'discount_total', {
    ...money(false),
    defaultValue: 0,
  });
  await queryInterface.addColumn('orders', 'coupon_code', {
    type: DataTypes.STRING(40),
    allowNull: true,
    defaultValue: null,
  });
  await queryInterface.addColumn('order_item', 'discount', { ...money(false), defaultValue: 0 });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  // An order's total already has its discount taken off, so dropping the columns keeps what was charged.
  await queryInterface.removeColumn('order_item', 'discount');
  await queryInterface.removeColumn('orders', 'coupon_code');
  await queryInterface.removeColumn('orders', 'discount_total');
  await queryInterface.removeColumn('orders', 'subtotal');
  for (const table of ['coupon_redemption', 'coupon_product', 'coupon', 'sale_product', 'sale']) {
    await queryInterface.dropTable(table);
  }
};
