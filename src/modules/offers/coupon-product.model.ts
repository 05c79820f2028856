import { Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey } from '../../database/columns';

/** A product a coupon (with target `products`) discounts. */
export class CouponProduct extends Model<
  InferAttributes<CouponProduct>,
  InferCreationAttributes<CouponProduct>
> {
  declare id: CreationOptional<number>;
  declare coupon_id: ForeignKey<number>;
  declare product_id: ForeignKey<number>;
}

export function initCouponProductModel(sequelize: Sequelize): void {
  CouponProduct.init(
    { id: primaryKey(), coupon_id: foreignKey('coupon'), product_id: foreignKey('product') },
    {
      sequelize,
      modelName: 'CouponProduct',
      tableName: 'coupon_product',
      indexes: [
        { name: 'coupon_product_pair_unique', unique: true, fields: ['coupon_id', 'product_id'] },
        { name: 'coupon_product_product', fields: ['product_id'] },
      ],
    },
  );
}
