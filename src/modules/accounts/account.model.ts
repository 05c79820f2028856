import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Customer } from '../customers/customer.model';

export const ROLES = ['admin', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare customer_id: ForeignKey<Customer['id']>;
  declare username: string;
  /** scrypt$N$r$p$salt$hash; never serialized into a response. */
  declare password_hash: string;
  declare role: CreationOptional<Role>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

Account.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    customer_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      unique: 'account_customer_id_unique',
      references: { model: 'customer', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    username: { type: DataTypes.STRING(50), allowNull: false, unique: 'account_username_unique' },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.ENUM(...ROLES), allowNull: false, defaultValue: 'customer' },
    created_at: DataTypes.DATE(3),
    updated_at: DataTypes.DATE(3),
  },
  {
    sequelize,
    modelName: 'Account',
    tableName: 'account',
    timestamps: true,
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
);
