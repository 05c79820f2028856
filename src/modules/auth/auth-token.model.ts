import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Account } from '../accounts/account.model';

/**
 * A bearer token, stored only as its SHA-256: a leaked table gives no usable token. Being rows, tokens are
 * revoked for every server process at once.
 */
export class AuthToken extends Model<InferAttributes<AuthToken>, InferCreationAttributes<AuthToken>> {
  declare id: CreationOptional<number>;
  declare account_id: ForeignKey<Account['id']>;
  declare token_hash: string;
  declare expires_at: Date;
  declare revoked_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
}

AuthToken.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    account_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'account', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: 'auth_token_hash_unique' },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true, defaultValue: null },
    created_at: DataTypes.DATE(3),
  },
  {
    sequelize,
    modelName: 'AuthToken',
    tableName: 'auth_token',
    timestamps: true,
    createdAt: 'created_at',
    updatedAt: false,
    indexes: [{ name: 'auth_token_account', fields: ['account_id', 'revoked_at'] }],
  },
);
