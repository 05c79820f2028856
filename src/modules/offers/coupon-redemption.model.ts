import { Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { creationTimestamp, foreignKey, primaryKey } from '../../database/columns';

/**
 * One use of a coupon by one order (at most one per order), written in the order's transaction and deleted, once,
 * by the transaction that cancels or expires the order.
 */
export class CouponRedemption extends Model<
  InferAttributes<CouponRedemption>,
  InferCreationAttributes<CouponRedemption>
> {
  declare id: CreationOptional<number>;
  declare coupon_id: ForeignKey<number>;
  declare order_id: ForeignKey<number>;
  declare customer_id: ForeignKey<number>;
  declare created_at: CreationOptional<Date>;
}

export function initCouponRedemptionModel(sequelize: Sequelize): void {
  const { columns, options } = creationTimestamp();
  CouponRedemption.init(
    {
      id: primaryKey(),
      coupon_id: foreignKey('coupon'),
      order_id: foreignKey('orders'),
      customer_id: foreignKey('customer'),
      ...columns,
    },
    {
      sequelize,
      modelName: 'CouponRedemption',
      tableName: 'coupon_redemption',
      ...options,
      indexes: [
        { name: 'coupon_redemption_order_unique', unique: true, fields: ['order_id'] },
        { name: 'coupon_redemption_customer', fields: ['coupon_id', 'customer_id'] },
      ],
    },
  );
}
