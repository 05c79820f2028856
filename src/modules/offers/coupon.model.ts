import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, moment, primaryKey, timestamps } from '../../database/columns';

export const COUPON_TARGETS = ['catalog', 'products', 'category'] as const;
export type CouponTarget = (typeof COUPON_TARGETS)[number];

/**
 * A code that takes a percentage or an amount off an order. `times_used` counts its live redemptions; it is
 * changed only under the coupon's row lock, in the transaction that writes or deletes a redemption.
 */
export class Coupon extends Model<InferAttributes<Coupon>, InferCreationAttributes<Coupon>> {
  declare id: CreationOptional<number>;
  /** Stored upper-case: codes are matched ignoring case. */
  declare code: string;
  declare percent_off: number | null;
  declare amount_off: number | null;
  declare starts_at: Date | null;
  declare ends_at: Date | null;
  declare usage_limit: number | null;
  declare usage_limit_per_customer: number | null;
  declare min_subtotal: number | null;
  declare first_order_only: CreationOptional<boolean>;
  declare target: CouponTarget;
  declare category_id: ForeignKey<number> | null;
  declare times_used: CreationOptional<number>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initCouponModel(sequelize: Sequelize): void {
  const { columns, options } = timestamps();
  Coupon.init(
    {
      id: primaryKey(),
      code: { type: DataTypes.STRING(40), allowNull: false },
      percent_off: { type: DataTypes.INTEGER, allowNull: true },
      amount_off: { type: DataTypes.DECIMAL(10, 2), allowNull: true },
      starts_at: moment(true),
      ends_at: moment(true),
      usage_limit: { type: DataTypes.INTEGER, allowNull: true },
      usage_limit_per_customer: { type: DataTypes.INTEGER, allowNull: true },
      min_subtotal: { type: DataTypes.DECIMAL(10, 2), allowNull: true },
      first_order_only: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      target: { type: DataTypes.ENUM(...COUPON_TARGETS), allowNull: false },
      category_id: foreignKey('category', { allowNull: true }),
      times_used: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...columns,
    },
    {
      sequelize,
      modelName: 'Coupon',
      tableName: 'coupon',
      ...options,
      indexes: [{ name: 'coupon_code_unique', unique: true, fields: ['code'] }],
    },
  );
}
