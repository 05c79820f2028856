import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, moment, primaryKey, timestamps } from '../../database/columns';

export const SALE_TARGETS = ['catalog', 'products', 'category', 'tag'] as const;
export type SaleTarget = (typeof SALE_TARGETS)[number];

/**
 * A price reduction for a time window, on the whole catalog, some products, a category or a tag. Nothing
 * switches it on or off: a product's price is worked out from the sales running at the moment it is read or
 * ordered (`starts_at <= now < ends_at`).
 */
export class Sale extends Model<InferAttributes<Sale>, InferCreationAttributes<Sale>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare percent_off: number | null;
  declare amount_off: number | null;
  declare starts_at: Date;
  declare ends_at: Date;
  declare target: SaleTarget;
  declare category_id: ForeignKey<number> | null;
  declare tag_id: ForeignKey<number> | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initSaleModel(sequelize: Sequelize): void {
  const { columns, options } = timestamps();
  Sale.init(
    {
      id: primaryKey(),
      name: { type: DataTypes.STRING(100), allowNull: false },
      percent_off: { type: DataTypes.INTEGER, allowNull: true },
      amount_off: { type: DataTypes.DECIMAL(10, 2), allowNull: true },
      starts_at: moment(),
      ends_at: moment(),
      target: { type: DataTypes.ENUM(...SALE_TARGETS), allowNull: false },
      category_id: foreignKey('category', { allowNull: true }),
      tag_id: foreignKey('tag', { allowNull: true }),
      ...columns,
    },
    {
      sequelize,
      modelName: 'Sale',
      tableName: 'sale',
      ...options,
      indexes: [{ name: 'sale_ends_at', fields: ['ends_at', 'starts_at'] }],
    },
  );
}
