import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { primaryKey } from '../../database/columns';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare category_name: string;
}

export function initCategoryModel(sequelize: Sequelize): void {
  Category.init(
    {
      id: primaryKey(),
      // Named so that a duplicate maps to a 409 naming the field.
      category_name: { type: DataTypes.STRING(100), allowNull: false, unique: 'category_name_unique' },
    },
    { sequelize, modelName: 'Category', tableName: 'category' },
  );
}
