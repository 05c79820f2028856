import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

// The schema as it stood when migrations began. A migration is a snapshot in time: it spells out its columns
// and enum values instead of importing them from the models, which will have moved on.

const TABLE_OPTIONS = { engine: 'InnoDB', charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'];
const MOVEMENT_REASONS = ['initial', 'order', 'cancel', 'adjustment', 'auto_restock'];

const id = { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true };
const reference = (
  table: string,
  { allowNull = false, onDelete = 'CASCADE' }: { allowNull?: boolean; onDelete?: string } = {},
) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE',
});

export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  const createTable = (name: string, attributes: Parameters<QueryInterface['createTable']>[1]) =>
    queryInterface.createTable(name, attributes, TABLE_OPTIONS);
  const addIndex = (table: string, name: string, fields: string[], options: { unique?: boolean } = {}) =>
    queryInterface.addIndex(table, fields, { name, ...options });

  await createTable('category', {
    id,
    category_name: { type: DataTypes.STRING(100), allowNull: false },
  });
  await addIndex('category', 'category_name_unique', ['category_name'], { unique: true });

  await createTable('tag', {
    id,
    tag_name: { type: DataTypes.STRING(100), allowNull: false },
  });
  await addIndex('tag', 'tag_name_unique', ['tag_name'], { unique: true });

  await createTable('product', {
    id,
    product_name: { type: DataTypes.STRING(255), allowNull: false },
    price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
    category_id: reference('category', { allowNull: true, onDelete: 'SET NULL' }),
    low_stock_threshold: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
    restock_quantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await addIndex('product', 'product_category_id', ['category_id', 'id']);
  await addIndex('product', 'product_price', ['price', 'id']);
  await addIndex('product', 'product_stock', ['stock', 'id']);
  await addIndex('product', 'product_name', ['product_name', 'id']);
  // The FULLTEXT index on product_name was created here until servers without FULLTEXT (TiDB) had to run this
  // migration too: 20261201090000-product-name-fulltext creates it now, unless SEARCH_MODE=prefix. A database
  // migrated before keeps the index it got here, and that migration leaves it alone.

  await createTable('product_tag', {
    id,
    product_id: reference('product'),
    tag_id: reference('tag'),
  });
  await addIndex('product_tag', 'product_tag_pair_unique', ['product_id', 'tag_id'], { unique: true });
  await addIndex('product_tag', 'product_tag_tag_id', ['tag_id', 'product_id']);

  await createTable('customer', {
    id,
    name: { type: DataTypes.STRING(100), allowNull: false },
    email: { type: DataTypes.STRING(254), allowNull: false },
    phone_number: { type: DataTypes.STRING(20), allowNull: true, defaultValue: null },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  });
  await addIndex('customer', 'customer_email_unique', ['email'], { unique: true });
  await addIndex('customer', 'customer_name', ['name']);

  await createTable('account', {
    id,
    customer_id: reference('customer'),
    username: { type: DataTypes.STRING(50), allowNull: false },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.ENUM('admin', 'customer'), allowNull: false, defaultValue: 'customer' },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  });
  await addIndex('account', 'account_customer_id_unique', ['customer_id'], { unique: true });
  await addIndex('account', 'account_username_unique', ['username'], { unique: true });

  await createTable('auth_token', {
    id,
    account_id: reference('account'),
    token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true, defaultValue: null },
    created_at: DataTypes.DATE(3),
  });
  await addIndex('auth_token', 'auth_token_hash_unique', ['token_hash'], { unique: true });
  await addIndex('auth_token', 'auth_token_account', ['account_id', 'revoked_at']);

  await createTable('login_failure', {
    id,
    username: { type: DataTypes.STRING(50), allowNull: false },
    client_address: { type: DataTypes.STRING(45), allowNull: false },
    failed_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await addIndex('login_failure', 'login_failure_username', ['username', 'failed_at']);
  await addIndex('login_failure', 'login_failure_address', ['client_address', 'failed_at']);

  await createTable('orders', {
    id,
    customer_id: reference('customer', { onDelete: 'RESTRICT' }),
    status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false, defaultValue: 'pending' },
    order_date: { type: DataTypes.DATE(3), allowNull: false },
    expected_delivery_date: { type: DataTypes.DATEONLY, allowNull: false },
    carrier: { type: DataTypes.STRING(50), allowNull: true, defaultValue: null },
    tracking_number: { type: DataTypes.STRING(100), allowNull: true, defaultValue: null },
    total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  });
  await addIndex('orders', 'orders_customer', ['customer_id', 'id']);
  await addIndex('orders', 'orders_status', ['status', 'id']);

  await createTable('order_item', {
    id,
    order_id: reference('orders'),
    product_id: reference('product', { allowNull: true, onDelete: 'SET NULL' }),
    product_name: { type: DataTypes.STRING(255), allowNull: false },
    unit_price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    line_total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
  });
  await addIndex('order_item', 'order_item_order', ['order_id', 'id']);

  await createTable('order_status_event', {
    id,
    order_id: reference('orders'),
    from_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
    to_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false },
    note: { type: DataTypes.STRING(500), allowNull: true },
    at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await addIndex('order_status_event', 'order_status_event_order', ['order_id', 'id']);

  await createTable('stock_movement', {
    id,
    product_id: reference('product'),
    delta: { type: DataTypes.INTEGER, allowNull: false },
    reason: { type: DataTypes.ENUM(...MOVEMENT_REASONS), allowNull: false },
    reference: { type: DataTypes.STRING(100), allowNull: true },
    note: { type: DataTypes.STRING(200), allowNull: true },
    stock_after: { type: DataTypes.INTEGER, allowNull: false },
    created_at: DataTypes.DATE(3),
  });
  await addIndex('stock_movement', 'stock_movement_product', ['product_id', 'id']);

  await createTable('idempotency_key', {
    id,
    account_id: reference('account'),
    idempotency_key: { type: DataTypes.STRING(255), allowNull: false },
    request_hash: { type: DataTypes.CHAR(64), allowNull: false },
    order_id: { ...reference('orders', { allowNull: true }), defaultValue: null },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: DataTypes.DATE(3),
  });
  await addIndex('idempotency_key', 'idempotency_key_unique', ['account_id', 'idempotency_key'], {
    unique: true,
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  for (const table of [
    'idempotency_key',
    'stock_movement',
    'order_status_event',
    'order_item',
    'orders',
    'login_failure',
    'auth_token',
    'account',
    'customer',
    'product_tag',
    'product',
    'tag',
    'category',
  ]) {
    await queryInterface.dropTable(table);
  }
};
