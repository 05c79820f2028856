import { getConfig } from '../src/config/env';
import { Account, Category, Customer, Product, ProductTag, Tag } from '../src/database/associations';
import { sequelize } from '../src/database/sequelize';
import { withTransaction } from '../src/database/transaction';
import { hashPassword } from '../src/modules/auth/password';
import { categorySeeds } from './category-seeds';
import { adminCustomerSeed, customerSeeds } from './customer-seeds';
import { productTagSeeds } from './product-tag-seeds';
import { productSeeds } from './product-seeds';
import { tagSeeds } from './tag-seeds';

export interface SeedSummary {
  categories: number;
  products: number;
  tags: number;
  product_tags: number;
  customers: number;
  accounts: Array<{ username: string; role: 'admin' | 'customer' }>;
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
  const { admin } = getConfig();
  const people = [
    { customer: adminCustomerSeed, account: { ...admin, role: 'admin' as const } },
    ...customerSeeds.map(({ customer, account }) => ({
      customer,
      account: { ...account, role: 'customer' as const },
    })),
  ];
  // Hashing is deliberately slow: do it before the transaction, all at once.
  const hashes = await Promise.all(people.map(({ account }) => hashPassword(account.password)));
  return withTransaction(async (transaction) => {
    await Category.bulkCreate(withIds(categorySeeds), { transaction });
    await Tag.bulkCreate(withIds(tagSeeds), { transaction });
    await Product.bulkCreate(withIds(productSeeds), { transaction });
    await ProductTag.bulkCreate(productTagSeeds, { transaction });
    await Customer.bulkCreate(withIds(people.map(({ customer }) => customer)), { transaction });
    await Account.bulkCreate(
      people.map(({ account }, index) => ({
        customer_id: index + 1,
        username: account.username,
        password_hash: hashes[index] ?? '',
        role: account.role,
      })),
      { transaction },
    );
    return {
      categories: categorySeeds.length,
      products: productSeeds.length,
      tags: tagSeeds.length,
      product_tags: productTagSeeds.length,
      customers: people.length,
      accounts: people.map(({ account }) => ({ username: account.username, role: account.role })),
    };
  });
}
