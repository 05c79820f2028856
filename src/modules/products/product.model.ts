import { DataTypes, Model } from 'sequelize';
import type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  Sequelize,
} from 'sequelize';
import { foreignKey, primaryKey } from '../../database/columns';

export const DEFAULT_STOCK = 10;

export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare product_name: string;
  /** Dollars with two decimals, read as a JS number (dialectOptions.decimalNumbers). */
  declare price: number;
  declare stock: CreationOptional<number>;
  declare category_id: ForeignKey<number> | null;
  declare low_stock_threshold: CreationOptional<number>;
  declare restock_quantity: CreationOptional<number>;
  /** The shop's own stock-keeping code; unique (ignoring case) when present. */
  declare sku: CreationOptional<string | null>;
}

export function initProductModel(sequelize: Sequelize): void {
  Product.init(
    {
      id: primaryKey(),
      product_name: { type: DataTypes.STRING(255), allowNull: false },
      // A bare DECIMAL is DECIMAL(10,0) in MySQL and would store 14.99 as 15.
      price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: DEFAULT_STOCK },
      category_id: foreignKey('category', { allowNull: true, onDelete: 'SET NULL' }),
      low_stock_threshold: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
      restock_quantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      sku: { type: DataTypes.STRING(64), allowNull: true, defaultValue: null, unique: 'product_sku_unique' },
    },
    {
      sequelize,
      modelName: 'Product',
      tableName: 'product',
      indexes: [
        { name: 'product_category_id', fields: ['category_id', 'id'] },
        { name: 'product_price', fields: ['price', 'id'] },
        { name: 'product_stock', fields: ['stock', 'id'] },
        { name: 'product_name', fields: ['product_name', 'id'] },
        // Word-prefix search (q) at any catalog size; InnoDB and MySQL 8 both support FULLTEXT.
        { name: 'product_name_fulltext', type: 'FULLTEXT', fields: ['product_name'] },
      ],
    },
  );
}
