import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare category_name: string;
}

Category.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    // Named so that a duplicate maps to a 409 naming the field.
    category_name: { type: DataTypes.STRING(100), allowNull: false, unique: 'category_name_unique' },
  },
  {
    sequelize,
    modelName: 'Category',
    tableName: 'category',
  },
);
