import { DataTypes } from 'sequelize';

/** The columns every model shares, spelled once. */

/** `id INT NOT NULL AUTO_INCREMENT PRIMARY KEY`. */
export const primaryKey = () => ({
  type: DataTypes.INTEGER,
  allowNull: false,
  primaryKey: true,
  autoIncrement: true,
});

/**
 * A column referencing `table.id`. onDelete is stated on the column itself: otherwise the rule MySQL gets depends
 * on which association happens to be declared first.
 */
export const foreignKey = (
  table: string,
  {
    allowNull = false,
    onDelete = 'CASCADE',
  }: { allowNull?: boolean; onDelete?: 'CASCADE' | 'SET NULL' | 'RESTRICT' } = {},
) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE',
});

/** A moment, to the millisecond, so that a created row reads back exactly. */
export const moment = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** created_at and updated_at, kept by Sequelize: spread `columns` into the attributes and `options` into the options. */
export const timestamps = () => ({
  columns: { created_at: DataTypes.DATE(3), updated_at: DataTypes.DATE(3) },
  options: { timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' } as const,
});

/** created_at only, for rows that are never updated. */
export const creationTimestamp = () => ({
  columns: { created_at: DataTypes.DATE(3) },
  options: { timestamps: true, createdAt: 'created_at', updatedAt: false } as const,
});
