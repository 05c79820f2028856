import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

// Unpaid orders expire: the server cancels a pending order past the payment timeout and writes its stock back as
// `expired` ledger rows. The indexes serve the maintenance sweep (pending orders by age, expired idempotency keys)
// and the pending-order cap (one customer's pending orders, counted on every order placed).
const REASONS_BEFORE = ['initial', 'order', 'cancel', 'adjustment', 'auto_restock'];
const REASONS_AFTER = [...REASONS_BEFORE, 'expired'];

export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.changeColumn('stock_movement', 'reason', {
    type: DataTypes.ENUM(...REASONS_AFTER),
    allowNull: false,
  });
  await queryInterface.addIndex('orders', ['status', 'order_date'], { name: 'orders_status_date' });
  await queryInterface.addIndex('orders', ['customer_id', 'status', 'id'], {
    name: 'orders_customer_status',
  });
  await queryInterface.addIndex('idempotency_key', ['expires_at'], { name: 'idempotency_key_expires' });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.removeIndex('idempotency_key', 'idempotency_key_expires');
  await queryInterface.removeIndex('orders', 'orders_customer_status');
  await queryInterface.removeIndex('orders', 'orders_status_date');
  // The old enum has no `expired`; such rows become `cancel`, the nearest meaning (stock given back by an order),
  // so that the ledger keeps every row and still sums to the stock.
  await queryInterface.sequelize.query(
    "UPDATE stock_movement SET reason = 'cancel' WHERE reason = 'expired'",
  );
  await queryInterface.changeColumn('stock_movement', 'reason', {
    type: DataTypes.ENUM(...REASONS_BEFORE),
    allowNull: false,
  });
};
