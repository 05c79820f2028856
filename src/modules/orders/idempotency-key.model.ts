import { DataTypes, Model } from 'sequelize';
import type { CreationOptional, ForeignKey, InferAttributes, InferCreationAttributes } from 'sequelize';
import { sequelize } from '../../database/sequelize';
import type { Account } from '../accounts/account.model';
import type { Order } from './order.model';

/**
 * An Idempotency-Key seen on POST /api/orders, scoped to the account that sent it. It is inserted in the same
 * transaction as the order, so a concurrent retry waits on its unique index and then answers with that order.
 */
export class IdempotencyKey extends Model<
  InferAttributes<IdempotencyKey>,
  InferCreationAttributes<IdempotencyKey>
> {
  declare id: CreationOptional<number>;
  declare account_id: ForeignKey<Account['id']>;
  declare idempotency_key: string;
  /** SHA-256 of the request body as parsed, so a reused key with another body is told apart. */
  declare request_hash: string;
  declare order_id: CreationOptional<ForeignKey<Order['id']> | null>;
  declare expires_at: Date;
  declare created_at: CreationOptional<Date>;
}

IdempotencyKey.init(
  {
    id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
    account_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'account', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    idempotency_key: { type: DataTypes.STRING(255), allowNull: false },
    request_hash: { type: DataTypes.CHAR(64), allowNull: false },
    order_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      defaultValue: null,
      references: { model: 'orders', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: DataTypes.DATE(3),
  },
  {
    sequelize,
    modelName: 'IdempotencyKey',
    tableName: 'idempotency_key',
    timestamps: true,
    createdAt: 'created_at',
    updatedAt: false,
    indexes: [
      { name: 'idempotency_key_unique', unique: true, fields: ['account_id', 'idempotency_key'] },
      // The sweep deletes expired keys.
      { name: 'idempotency_key_expires', fields: ['expires_at'] },
    ],
  },
);
