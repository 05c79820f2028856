import { Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey } from '../../database/columns';

/** A product a sale (with target `products`) applies to. */
export class SaleProduct extends Model<InferAttributes<SaleProduct>, InferCreationAttributes<SaleProduct>> {
  declare id: CreationOptional<number>;
  declare sale_id: ForeignKey<number>;
  declare product_id: ForeignKey<number>;
}

export function initSaleProductModel(sequelize: Sequelize): void {
  SaleProduct.init(
    { id: primaryKey(), sale_id: foreignKey('sale'), product_id: foreignKey('product') },
    {
      sequelize,
      modelName: 'SaleProduct',
      tableName: 'sale_product',
      indexes: [
        { name: 'sale_product_pair_unique', unique: true, fields: ['sale_id', 'product_id'] },
        { name: 'sale_product_product', fields: ['product_id', 'sale_id'] },
      ],
    },
  );
}
