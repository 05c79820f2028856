import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey } from '../../database/columns';

/** One line of an order, with the product's name and price as they were when it was placed. */
export class OrderItem extends Model<InferAttributes<OrderItem>, InferCreationAttributes<OrderItem>> {
  declare id: CreationOptional<number>;
  declare order_id: ForeignKey<number>;
  /** NULL once the product is deleted; the snapshot below keeps the line readable. */
  declare product_id: ForeignKey<number> | null;
  declare product_name: string;
  declare unit_price: number;
  declare quantity: number;
  /** unit_price x quantity. */
  declare line_total: number;
  /** This line's share of the order's coupon discount: line_total - discount is what the line costs. */
  declare discount: CreationOptional<number>;
}

export function initOrderItemModel(sequelize: Sequelize): void {
  OrderItem.init(
    {
      id: primaryKey(),
      order_id: foreignKey('orders'),
      product_id: foreignKey('product', { allowNull: true, onDelete: 'SET NULL' }),
      product_name: { type: DataTypes.STRING(255), allowNull: false },
      unit_price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      line_total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      discount: { type: DataTypes.DECIMAL(10, 2), allowNull: false, defaultValue: 0 },
    },
    {
      sequelize,
      modelName: 'OrderItem',
      tableName: 'order_item',
      indexes: [{ name: 'order_item_order', fields: ['order_id', 'id'] }],
    },
  );
}
