import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';

export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** Stored lower-cased, so uniqueness ignores letter case. */
  declare email: string;
  declare phone_number: CreationOptional<string | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

Customer.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    email: { type: DataTypes.STRING(254), allowNull: false, unique: 'customer_email_unique' },
    phone_number: { type: DataTypes.STRING(20), allowNull: true, defaultValue: null },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  },
  {
    sequelize,
    modelName: 'Customer',
    tableName: 'customer',
    timestamps: true,
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    indexes: [{ name: 'customer_name', fields: ['name'] }],
  },
);
