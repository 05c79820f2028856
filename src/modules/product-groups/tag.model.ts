import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { primaryKey } from '../../database/columns';

export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  declare id: CreationOptional<number>;
  declare tag_name: string;
}

export function initTagModel(sequelize: Sequelize): void {
  Tag.init(
    {
      id: primaryKey(),
      // Named so that a duplicate maps to a 409 naming the field.
      tag_name: { type: DataTypes.STRING(100), allowNull: false, unique: 'tag_name_unique' },
    },
    { sequelize, modelName: 'Tag', tableName: 'tag' },
  );
}
