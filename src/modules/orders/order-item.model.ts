import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Product } from '../products/product.model';
import type { Order } from './order.model';

/** One line of an order, with the product's name and price as they were when it was placed. */
export class OrderItem extends Model<InferAttributes<OrderItem>, InferCreationAttributes<OrderItem>> {
  declare id: CreationOptional<number>;
  declare order_id: ForeignKey<Order['id']>;
  /** NULL once the product is deleted; the snapshot below keeps the line readable. */
  declare product_id: ForeignKey<Product['id']> | null;
  declare product_name: string;
  declare unit_price: number;
  declare quantity: number;
  declare line_total: number;
}

OrderItem.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    order_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'orders', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    product_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'product', key: 'id' },
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    },
    product_name: { type: DataTypes.STRING(255), allowNull: false },
    unit_price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    line_total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
  },
  {
    sequelize,
    modelName: 'OrderItem',
    tableName: 'order_item',
    indexes: [{ name: 'order_item_order', fields: ['order_id', 'id'] }],
  },
);
