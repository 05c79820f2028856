import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, moment, primaryKey } from '../../database/columns';
import { ORDER_STATUSES } from './order-status';
import type { OrderStatus } from './order-status';

/** One step of an order's timeline; the first has from_status NULL (the order was placed). */
export class OrderStatusEvent extends Model<
  InferAttributes<OrderStatusEvent>,
  InferCreationAttributes<OrderStatusEvent>
> {
  declare id: CreationOptional<number>;
  declare order_id: ForeignKey<number>;
  declare from_status: OrderStatus | null;
  declare to_status: OrderStatus;
  declare note: string | null;
  declare at: Date;
}

export function initOrderStatusEventModel(sequelize: Sequelize): void {
  OrderStatusEvent.init(
    {
      id: primaryKey(),
      order_id: foreignKey('orders'),
      from_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
      to_status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false },
      note: { type: DataTypes.STRING(500), allowNull: true },
      at: moment(),
    },
    {
      sequelize,
      modelName: 'OrderStatusEvent',
      tableName: 'order_status_event',
      indexes: [{ name: 'order_status_event_order', fields: ['order_id', 'id'] }],
    },
  );
}
