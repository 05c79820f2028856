import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, moment, creationTimestamp, primaryKey } from '../../database/columns';

/**
 * A bearer token, stored only as its SHA-256: a leaked table gives no usable token. Being rows, tokens are
 * revoked for every server process at once.
 */
export class AuthToken extends Model<InferAttributes<AuthToken>, InferCreationAttributes<AuthToken>> {
  declare id: CreationOptional<number>;
  declare account_id: ForeignKey<number>;
  declare token_hash: string;
  declare expires_at: Date;
  declare revoked_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
}

export function initAuthTokenModel(sequelize: Sequelize): void {
  const { columns, options } = creationTimestamp();
  AuthToken.init(
    {
      id: primaryKey(),
      account_id: foreignKey('account'),
      token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: 'auth_token_hash_unique' },
      expires_at: moment(),
      revoked_at: { ...moment(true), defaultValue: null },
      ...columns,
    },
    {
      sequelize,
      modelName: 'AuthToken',
      tableName: 'auth_token',
      ...options,
      indexes: [{ name: 'auth_token_account', fields: ['account_id', 'revoked_at'] }],
    },
  );
}
