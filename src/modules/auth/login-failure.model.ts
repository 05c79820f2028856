import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { moment, primaryKey } from '../../database/columns';

/**
 * One login attempt that has not (yet) succeeded: written before the password is checked and removed when it
 * succeeds. Kept in the database so that the limits hold across every server process.
 */
export class LoginFailure extends Model<
  InferAttributes<LoginFailure>,
  InferCreationAttributes<LoginFailure>
> {
  declare id: CreationOptional<number>;
  /** Lower-cased, as typed: unknown usernames are limited too. */
  declare username: string;
  declare client_address: string;
  declare failed_at: Date;
}

export function initLoginFailureModel(sequelize: Sequelize): void {
  LoginFailure.init(
    {
      id: primaryKey(),
      username: { type: DataTypes.STRING(50), allowNull: false },
      client_address: { type: DataTypes.STRING(45), allowNull: false },
      failed_at: moment(),
    },
    {
      sequelize,
      modelName: 'LoginFailure',
      tableName: 'login_failure',
      indexes: [
        { name: 'login_failure_username', fields: ['username', 'failed_at'] },
        { name: 'login_failure_pair', fields: ['username', 'client_address', 'failed_at'] },
        { name: 'login_failure_address', fields: ['client_address', 'failed_at'] },
      ],
    },
  );
}
