import { getConfig } from '../src/config/env';
import { getSequelize } from '../src/database/sequelize';
import { migrateToLatest } from '../src/database/migrator';
import { dropAllTables } from '../src/database/setup';
import { withTransaction } from '../src/database/transaction';
import { Account, Customer, hashPassword } from '../src/modules/customers';
import { StockMovement } from '../src/modules/inventory';
import { needsTracking, placeOrder, stepsTo, updateOrderStatus } from '../src/modules/orders';
import type { OrderStatus } from '../src/modules/orders';
import { Coupon, Sale } from '../src/modules/offers';
import { Category, Tag } from '../src/modules/product-groups';
import { Product, ProductTag } from '../src/modules/products';
import type { AuthContext } from '../src/shared/auth-context';
import { categorySeeds } from './category-seeds';
import { adminCustomerSeed, customerSeeds } from './customer-seeds';
import { couponSeed, saleSeed } from './offer-seeds';
import { orderSeeds } from './order-seeds';
import { productTagSeeds } from './product-tag-seeds';
import { productSeeds } from './product-seeds';
import { tagSeeds } from './tag-seeds';

export interface SeedSummary {
  migrations: string[];
  categories: number;
  products: number;
  tags: number;
  product_tags: number;
  customers: number;
  orders: Array<{ id: number; customer_id: number; status: OrderStatus }>;
  sales: string[];
  coupons: string[];
  accounts: Array<{ username: string; role: 'admin' | 'customer' }>;
}

/** Ids are given explicitly so that the assignment's product-tag pairs always point at the right rows. */
const withIds = <T extends object>(rows: T[]) => rows.map((row, index) => ({ id: index + 1, ...row }));

/**
 * Drops every table and builds the schema again through the migrations, then loads the assignment's rows
 * exactly. Safe to run again: each run starts from empty tables. Only the seed script may do this; start-up and
 * the migrations never drop data.
 */
export async function seedAll(): Promise<SeedSummary> {
  await dropAllTables(getSequelize());
  const migrations = await migrateToLatest(getSequelize());
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
  await withTransaction(async (transaction) => {
    await Category.bulkCreate(withIds(categorySeeds), { transaction });
    await Tag.bulkCreate(withIds(tagSeeds), { transaction });
    // Each product starts with the assignment's stock plus what the sample orders below will take, so that
    // after them the product rows are the assignment's exactly and the ledger still sums to the stock.
    const products = withIds(productSeeds).map((product) => ({
      ...product,
      stock: product.stock + heldBySampleOrders(product.id),
    }));
    await Product.bulkCreate(products, { transaction });
    await StockMovement.bulkCreate(
      products.map((product) => ({
        product_id: product.id,
        delta: product.stock,
        reason: 'initial' as const,
        reference: 'seed',
        note: null,
        stock_after: product.stock,
      })),
      { transaction },
    );
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
  });
  const orders = await placeSampleOrders();
  const sale = await Sale.create(saleSeed(new Date()));
  const coupon = await Coupon.create(couponSeed);
  return {
    migrations,
    categories: categorySeeds.length,
    products: productSeeds.length,
    tags: tagSeeds.length,
    product_tags: productTagSeeds.length,
    customers: people.length,
    orders,
    sales: [sale.name],
    coupons: [coupon.code],
    accounts: people.map(({ account }) => ({ username: account.username, role: account.role })),
  };
}

/** Units of a product that the sample orders keep (a cancelled order gives its units back). */
const heldBySampleOrders = (productId: number) =>
  orderSeeds
    .filter((order) => order.status !== 'cancelled')
    .flatMap((order) => order.items)
    .filter((item) => item.product_id === productId)
    .reduce((sum, item) => sum + item.quantity, 0);

/** Through the real services, so the sample orders carry their ledger rows and status timelines. */
async function placeSampleOrders(): Promise<SeedSummary['orders']> {
  const accounts = await Account.findAll({ order: [['id', 'ASC']] });
  const actorFor = (customerId: number): AuthContext => {
    const account = accounts.find((candidate) => candidate.customer_id === customerId);
    if (account === undefined) throw new Error(`no seeded account for customer ${customerId}`);
    return { accountId: account.id, customerId, role: account.role, tokenId: 0, tokenIssuedAt: new Date() };
  };
  const admin = accounts.find((account) => account.role === 'admin');
  if (admin === undefined) throw new Error('no seeded admin account');
  const adminActor: AuthContext = {
    accountId: admin.id,
    customerId: admin.customer_id,
    role: 'admin',
    tokenId: 0,
    tokenIssuedAt: new Date(),
  };

  const placed: SeedSummary['orders'] = [];
  for (const seed of orderSeeds) {
    const { order } = await placeOrder(actorFor(seed.customer_id), { items: seed.items });
    for (const status of stepsTo(seed.status)) {
      await updateOrderStatus(
        adminActor,
        order.id,
        needsTracking(status)
          ? { status, carrier: 'UPS', tracking_number: `1Z999AA1012345678${order.id}` }
          : { status, note: 'sample data' },
      );
    }
    placed.push({ id: order.id, customer_id: seed.customer_id, status: seed.status });
  }
  return placed;
}
