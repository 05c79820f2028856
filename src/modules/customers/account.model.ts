import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey, timestamps } from '../../database/columns';
import { ROLES } from '../../shared/auth-context';
import type { Role } from '../../shared/auth-context';

/** A customer's login, one to one with its customer row. */
export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare customer_id: ForeignKey<number>;
  declare username: string;
  /** scrypt$N$r$p$salt$hash; never serialized into a response. */
  declare password_hash: string;
  declare role: CreationOptional<Role>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initAccountModel(sequelize: Sequelize): void {
  const { columns, options } = timestamps();
  Account.init(
    {
      id: primaryKey(),
      customer_id: { ...foreignKey('customer'), unique: 'account_customer_id_unique' },
      username: { type: DataTypes.STRING(50), allowNull: false, unique: 'account_username_unique' },
      password_hash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.ENUM(...ROLES), allowNull: false, defaultValue: 'customer' },
      ...columns,
    },
    { sequelize, modelName: 'Account', tableName: 'account', ...options },
  );
}
