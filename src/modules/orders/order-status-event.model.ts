import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import { ORDER_STATUSES } from './order-status';
import type { OrderStatus } from './order-status';
import type { Order } from './order.model';

/** One step of an order's timeline; the first has from_status NULL (the order was placed). */
export class OrderStatusEvent extends Model<
  InferAttributes<OrderStatusEvent>,
  InferCreationAttributes<OrderStatusEvent>
> {
  declare id: CreationOptional<number>;
  declare order_id: ForeignKey<Order['id']>;
  declare from_status: OrderStatus | null;
  declare to_status: OrderStatus;
  declare note: string | null;
  declare at: Date;
}

OrderStatusEvent.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    order_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'orders', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    from_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
    to_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false },
    note: { type: DataTypes.STRING(500), allowNull: true },
    at: { type: DataTypes.DATE(3), allowNull: false },
  },
  {
    sequelize,
    modelName: 'OrderStatusEvent',
    tableName: 'order_status_event',
    indexes: [{ name: 'order_status_event_order', fields: ['order_id', 'id'] }],
  },
);
