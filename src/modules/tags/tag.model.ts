import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';

export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  declare id: CreationOptional<number>;
  declare tag_name: string;
}

Tag.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    // Named so that a duplicate maps to a 409 naming the field.
    tag_name: { type: DataTypes.STRING(100), allowNull: false, unique: 'tag_name_unique' },
  },
  {
    sequelize,
    modelName: 'Tag',
    tableName: 'tag',
  },
);
