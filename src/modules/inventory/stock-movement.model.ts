import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, creationTimestamp, primaryKey } from '../../database/columns';

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
  declare product_id: ForeignKey<number>;
  declare delta: number;
  declare reason: MovementReason;
  /** What caused it, such as "order:12". */
  declare reference: string | null;
  /** Free text, such as an admin's reason for an adjustment. */
  declare note: string | null;
  declare stock_after: number;
  declare created_at: CreationOptional<Date>;
}

export function initStockMovementModel(sequelize: Sequelize): void {
  const { columns, options } = creationTimestamp();
  StockMovement.init(
    {
      id: primaryKey(),
      product_id: foreignKey('product'),
      delta: { type: DataTypes.INTEGER, allowNull: false },
      reason: { type: DataTypes.ENUM(...MOVEMENT_REASONS), allowNull: false },
      reference: { type: DataTypes.STRING(100), allowNull: true },
      note: { type: DataTypes.STRING(200), allowNull: true },
      stock_after: { type: DataTypes.INTEGER, allowNull: false },
      ...columns,
    },
    {
      sequelize,
      modelName: 'StockMovement',
      tableName: 'stock_movement',
      ...options,
      indexes: [{ name: 'stock_movement_product', fields: ['product_id', 'id'] }],
    },
  );
}
