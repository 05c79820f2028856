import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { primaryKey, timestamps } from '../../database/columns';

export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** Stored lower-cased, so uniqueness ignores letter case. */
  declare email: string;
  declare phone_number: CreationOptional<string | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initCustomerModel(sequelize: Sequelize): void {
  const { columns, options } = timestamps();
  Customer.init(
    {
      id: primaryKey(),
      name: { type: DataTypes.STRING(100), allowNull: false },
      email: { type: DataTypes.STRING(254), allowNull: false, unique: 'customer_email_unique' },
      phone_number: { type: DataTypes.STRING(20), allowNull: true, defaultValue: null },
      ...columns,
    },
    {
      sequelize,
      modelName: 'Customer',
      tableName: 'customer',
      ...options,
      indexes: [{ name: 'customer_name', fields: ['name'] }],
    },
  );
}
