import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Tag } from '../tags/tag.model';
import type { Product } from './product.model';

export class ProductTag extends Model<InferAttributes<ProductTag>, InferCreationAttributes<ProductTag>> {
  declare id: CreationOptional<number>;
  declare product_id: ForeignKey<Product['id']>;
  declare tag_id: ForeignKey<Tag['id']>;
}

ProductTag.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    product_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'product', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    tag_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'tag', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
  },
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
