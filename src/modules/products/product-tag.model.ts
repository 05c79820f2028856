import { Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey } from '../../database/columns';

/** The link between a product and a tag (many-to-many); it never appears in a response. */
export class ProductTag extends Model<InferAttributes<ProductTag>, InferCreationAttributes<ProductTag>> {
  declare id: CreationOptional<number>;
  declare product_id: ForeignKey<number>;
  declare tag_id: ForeignKey<number>;
}

export function initProductTagModel(sequelize: Sequelize): void {
  ProductTag.init(
    { id: primaryKey(), product_id: foreignKey('product'), tag_id: foreignKey('tag') },
    {
      sequelize,
      modelName: 'ProductTag',
      tableName: 'product_tag',
      indexes: [
        { name: 'product_tag_pair_unique', unique: true, fields: ['product_id', 'tag_id'] },
        { name: 'product_tag_tag_id', fields: ['tag_id', 'product_id'] },
      ],
    },
  );
}
