import { Category, Product, ProductTag, Tag } from '../src/database/associations';
import { sequelize } from '../src/database/sequelize';
import { withTransaction } from '../src/database/transaction';
import { categorySeeds } from './category-seeds';
import { productTagSeeds } from './product-tag-seeds';
import { productSeeds } from './product-seeds';
import { tagSeeds } from './tag-seeds';

export interface SeedSummary {
  categories: number;
  products: number;
  tags: number;
  product_tags: number;
}

/** Ids are given explicitly so that the assignment's product-tag pairs always point at the right rows. */
const withIds = <T extends object>(rows: T[]) => rows.map((row, index) => ({ id: index + 1, ...row }));

/**
 * Drops and re-creates every table, then loads the assignment's rows exactly. Safe to run again: each run
 * starts from empty tables. Only the seed script may do this; start-up never drops anything.
 */
export async function seedAll(): Promise<SeedSummary> {
  await sequelize.drop();
  await sequelize.sync();
  return withTransaction(async (transaction) => {
    await Category.bulkCreate(withIds(categorySeeds), { transaction });
    await Tag.bulkCreate(withIds(tagSeeds), { transaction });
    await Product.bulkCreate(withIds(productSeeds), { transaction });
    await ProductTag.bulkCreate(productTagSeeds, { transaction });
    return {
      categories: categorySeeds.length,
      products: productSeeds.length,
      tags: tagSeeds.length,
      product_tags: productTagSeeds.length,
    };
  });
}
