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
 * An Idempotency-Key seen on POST /api/orders, scoped to the account that sent it. It is inserted in the same
 * transaction as the order, so a concurrent retry waits on its unique index and then answers with that order.
 */
export class IdempotencyKey extends Model<
  InferAttributes<IdempotencyKey>,
  InferCreationAttributes<IdempotencyKey>
> {
  declare id: CreationOptional<number>;
  declare account_id: ForeignKey<number>;
  declare idempotency_key: string;
  /** SHA-256 of the request body as parsed, so a reused key with another body is told apart. */
  declare request_hash: string;
  declare order_id: CreationOptional<ForeignKey<number> | null>;
  declare expires_at: Date;
  declare created_at: CreationOptional<Date>;
}

export function initIdempotencyKeyModel(sequelize: Sequelize): void {
  const { columns, options } = creationTimestamp();
  IdempotencyKey.init(
    {
      id: primaryKey(),
      account_id: foreignKey('account'),
      idempotency_key: { type: DataTypes.STRING(255), allowNull: false },
      request_hash: { type: DataTypes.CHAR(64), allowNull: false },
      order_id: { ...foreignKey('orders', { allowNull: true }), defaultValue: null },
      expires_at: moment(),
      ...columns,
    },
    {
      sequelize,
      modelName: 'IdempotencyKey',
      tableName: 'idempotency_key',
      ...options,
      indexes: [
        { name: 'idempotency_key_unique', unique: true, fields: ['account_id', 'idempotency_key'] },
        // The sweep deletes expired keys.
        { name: 'idempotency_key_expires', fields: ['expires_at'] },
      ],
    },
  );
}
