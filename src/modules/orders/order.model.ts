import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, moment, primaryKey, timestamps } from '../../database/columns';
import { ORDER_STATUSES } from './order-status';
import type { OrderStatus } from './order-status';

export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare customer_id: ForeignKey<number>;
  declare status: CreationOptional<OrderStatus>;
  declare order_date: Date;
  /** A calendar date, YYYY-MM-DD. */
  declare expected_delivery_date: string;
  declare carrier: CreationOptional<string | null>;
  declare tracking_number: CreationOptional<string | null>;
  /** The lines at the prices they were sold at (sales included), before any coupon. */
  declare subtotal: number;
  declare discount_total: CreationOptional<number>;
  declare coupon_code: CreationOptional<string | null>;
  /** subtotal - discount_total. */
  declare total: number;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initOrderModel(sequelize: Sequelize): void {
  const { columns, options } = timestamps();
  Order.init(
    {
      id: primaryKey(),
      // A customer with orders cannot be deleted: the history must stay whole.
      customer_id: foreignKey('customer', { onDelete: 'RESTRICT' }),
      status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false, defaultValue: 'pending' },
      order_date: moment(),
      expected_delivery_date: { type: DataTypes.DATEONLY, allowNull: false },
      carrier: { type: DataTypes.STRING(50), allowNull: true, defaultValue: null },
      tracking_number: { type: DataTypes.STRING(100), allowNull: true, defaultValue: null },
      subtotal: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      discount_total: { type: DataTypes.DECIMAL(10, 2), allowNull: false, defaultValue: 0 },
      coupon_code: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      ...columns,
    },
    {
      sequelize,
      modelName: 'Order',
      tableName: 'orders',
      ...options,
      indexes: [
        { name: 'orders_customer', fields: ['customer_id', 'id'] },
        { name: 'orders_status', fields: ['status', 'id'] },
        // The sweep's search for unpaid orders past the payment timeout, oldest first.
        { name: 'orders_status_date', fields: ['status', 'order_date'] },
        // The pending-order cap counts one customer's pending orders on every order placed.
        { name: 'orders_customer_status', fields: ['customer_id', 'status', 'id'] },
      ],
    },
  );
}
