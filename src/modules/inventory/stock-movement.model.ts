import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Product } from '../products/product.model';

// `expired`: the server cancelled an order left unpaid past ORDER_PAYMENT_TIMEOUT_MINUTES and took its stock back.
export const MOVEMENT_REASONS = [
  'initial',
  'order',
  'cancel',
  'adjustment',
  'auto_restock',
  'expired',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** One change of a product's stock. The ledger is append-only: a product's stock is the sum of its deltas. */
export class StockMovement extends Model<
  InferAttributes<StockMovement>,
  InferCreationAttributes<StockMovement>
> {
  declare id: CreationOptional<number>;
  declare product_id: ForeignKey<Product['id']>;
  declare delta: number;
  declare reason: MovementReason;
  /** What caused it, such as "order:12". */
  declare reference: string | null;
  /** Free text, such as an admin's reason for an adjustment. */
  declare note: string | null;
  declare stock_after: number;
  declare created_at: CreationOptional<Date>;
}

StockMovement.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    product_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'product', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    delta: { type: DataTypes.INTEGER, allowNull: false },
    reason: { type: DataTypes.ENUM(...MOVEMENT_REASONS), allowNull: false },
    reference: { type: DataTypes.STRING(100), allowNull: true },
    note: { type: DataTypes.STRING(200), allowNull: true },
    stock_after: { type: DataTypes.INTEGER, allowNull: false },
    created_at: DataTypes.DATE(3),
  },
  {
    sequelize,
    modelName: 'StockMovement',
    tableName: 'stock_movement',
    timestamps: true,
    createdAt: 'created_at',
    updatedAt: false,
    indexes: [{ name: 'stock_movement_product', fields: ['product_id', 'id'] }],
  },
);
