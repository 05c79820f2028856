import { QueryTypes } from 'sequelize';
import type { Transaction } from 'sequelize';
import { getSequelize } from '../src/database/sequelize';
import { hashPassword } from '../src/modules/customers';
import { stepsTo } from '../src/modules/orders';
import type { OrderStatus } from '../src/modules/orders';

export interface GenerateOptions {
  products: number;
  customers: number;
  orders: number;
}

export interface PhaseReport {
  phase: string;
  rows: number;
  seconds: number;
}

/** Told how many rows of the phase are done, so that the CLI can draw a progress bar. */
export type Progress = (phase: string, done: number, total: number) => void;

/** Rows per multi-row INSERT: large enough to amortise round trips, small enough for max_allowed_packet. */
const BATCH = 5_000;

const ADJECTIVES = [
  'Classic',
  'Vintage',
  'Organic',
  'Slim',
  'Rugged',
  'Cozy',
  'Urban',
  'Premium',
  'Light',
  'Retro',
];
const MATERIALS = [
  'Cotton',
  'Denim',
  'Leather',
  'Wool',
  'Linen',
  'Canvas',
  'Suede',
  'Silk',
  'Bamboo',
  'Fleece',
];
const NOUNS = [
  'Shirt',
  'Sneakers',
  'Hat',
  'Record',
  'Shorts',
  'Jacket',
  'Scarf',
  'Backpack',
  'Socks',
  'Belt',
];

/** A small deterministic generator, so that two runs with the same sizes build the same data. */
function makeRandom(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state % below;
  };
}

async function insertRows(table: string, columns: string[], rows: unknown[][], transaction?: Transaction) {
  if (rows.length === 0) return;
  const placeholders = rows.map((row) => `(${row.map(() => '?').join(',')})`).join(',');
  await getSequelize().query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders}`, {
    replacements: rows.flat(),
    transaction,
  });
}

const nextId = async (table: string) => {
  const [row] = await getSequelize().query<{ next: number }>(
    `SELECT COALESCE(MAX(id), 0) + 1 AS next FROM ${table}`,
    {
      type: QueryTypes.SELECT,
    },
  );
  return row?.next ?? 1;
};

async function timed(phase: string, rows: number, work: () => Promise<void>): Promise<PhaseReport> {
  const started = process.hrtime.bigint();
  await work();
  return { phase, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

interface GeneratedProduct {
  id: number;
  name: string;
  priceCents: number;
  stock: number;
}

/**
 * Adds a large, realistic data set on top of the seeded rows with multi-row INSERTs: products with tags and
 * their initial ledger rows, customers with accounts (all with password "customer-password-1"), and orders with
 * items, status timelines and order ledger rows. Stock and totals stay consistent: every product's stock is the
 * sum of its ledger and every order's total the sum of its lines.
 */
export async function generateData(options: GenerateOptions, progress: Progress): Promise<PhaseReport[]> {
  const random = makeRandom(options.products * 31 + options.customers * 7 + options.orders);
  const reports: PhaseReport[] = [];
  const products: GeneratedProduct[] = [];
  const [categories, tags] = await Promise.all([
    getSequelize().query<{ id: number }>('SELECT id FROM category', { type: QueryTypes.SELECT }),
    getSequelize().query<{ id: number }>('SELECT id FROM tag', { type: QueryTypes.SELECT }),
  ]);
  const categoryIds = categories.map((row) => row.id);
  const tagIds = tags.map((row) => row.id);

  if (options.products > 0) {
    const firstId = await nextId('product');
    let linkCount = 0;
    reports.push(
      await timed('products', options.products, async () => {
        for (let start = 0; start < options.products; start += BATCH) {
          const size = Math.min(BATCH, options.products - start);
          const rows: unknown[][] = [];
          const links: unknown[][] = [];
          const movements: unknown[][] = [];
          const now = new Date();
          for (let i = 0; i < size; i++) {
            const id = firstId + start + i;
            const name = `${ADJECTIVES[random(10)] ?? ''} ${MATERIALS[random(10)] ?? ''} ${NOUNS[random(10)] ?? ''} ${id}`;
            const priceCents = 199 + random(49_800);
            const stock = random(500);
            const categoryId =
              categoryIds.length === 0 || random(20) === 0 ? null : categoryIds[random(categoryIds.length)];
            rows.push([id, name, (priceCents / 100).toFixed(2), stock, categoryId ?? null, 5, 0]);
            products.push({ id, name, priceCents, stock });
            const linked = new Set<number>();
            for (let t = random(4); t > 0 && tagIds.length > 0; t--)
              linked.add(tagIds[random(tagIds.length)] ?? 1);
            for (const tagId of linked) links.push([id, tagId]);
            movements.push([id, stock, 'initial', 'generated', stock, now]);
          }
          await insertRows(
            'product',
            [
              'id',
              'product_name',
              'price',
              'stock',
              'category_id',
              'low_stock_threshold',
              'restock_quantity',
            ],
            rows,
          );
          await insertRows('product_tag', ['product_id', 'tag_id'], links);
          await insertRows(
            'stock_movement',
            ['product_id', 'delta', 'reason', 'reference', 'stock_after', 'created_at'],
            movements,
          );
          linkCount += links.length;
          progress('products', start + size, options.products);
        }
      }),
    );
    reports.push({ phase: '  with tag links', rows: linkCount, seconds: 0 });
  }

  const customerIds: number[] = [];
  if (options.customers > 0) {
    const passwordHash = await hashPassword('customer-password-1');
    const firstId = await nextId('customer');
    const firstAccountId = await nextId('account');
    reports.push(
      await timed('customers with accounts', options.customers, async () => {
        for (let start = 0; start < options.customers; start += BATCH) {
          const size = Math.min(BATCH, options.customers - start);
          const now = new Date();
          const customers: unknown[][] = [];
          const accounts: unknown[][] = [];
          for (let i = 0; i < size; i++) {
            const id = firstId + start + i;
            customers.push([id, `Customer ${id}`, `customer${id}@example.test`, null, now, now]);
            accounts.push([
              firstAccountId + start + i,
              id,
              `customer${id}`,
              passwordHash,
              'customer',
              now,
              now,
            ]);
            customerIds.push(id);
          }
          await insertRows(
            'customer',
            ['id', 'name', 'email', 'phone_number', 'created_at', 'updated_at'],
            customers,
          );
          await insertRows(
            'account',
            ['id', 'customer_id', 'username', 'password_hash', 'role', 'created_at', 'updated_at'],
            accounts,
          );
          progress('customers', start + size, options.customers);
        }
      }),
    );
  }

  if (options.orders > 0) {
    if (customerIds.length === 0) {
      const rows = await getSequelize().query<{ id: number }>('SELECT id FROM customer', {
        type: QueryTypes.SELECT,
      });
      customerIds.push(...rows.map((row) => row.id));
    }
    if (products.length === 0) {
      const rows = await getSequelize().query<{
        id: number;
        product_name: string;
        price: number;
        stock: number;
      }>('SELECT id, product_name, price, stock FROM product', { type: QueryTypes.SELECT });
      products.push(
        ...rows.map((row) => ({
          id: row.id,
          name: row.product_name,
          priceCents: Math.round(row.price * 100),
          stock: row.stock,
        })),
      );
    }
    reports.push(
      await timed('orders', options.orders, () =>
        generateOrders(options.orders, products, customerIds, random, progress),
      ),
    );
  }
  return reports;
}

// Generated orders end in any status on the way to delivery (none cancelled), with every step on their timeline.
const STATUS_PATHS: OrderStatus[][] = (['pending', 'paid', 'shipped', 'delivered'] as const).map((status) => [
  'pending',
  ...stepsTo(status),
]);

async function generateOrders(
  count: number,
  products: GeneratedProduct[],
  customerIds: number[],
  random: (below: number) => number,
  progress: Progress,
): Promise<void> {
  if (customerIds.length === 0 || products.length === 0)
    throw new Error('orders need customers and products');
  const firstOrderId = await nextId('orders');
  const byId = new Map(products.map((product) => [product.id, product]));
  const taken = new Map<number, number>();
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const orders: unknown[][] = [];
    const items: unknown[][] = [];
    const events: unknown[][] = [];
    const movements: unknown[][] = [];
    for (let i = 0; i < size; i++) {
      const orderId = firstOrderId + start + i;
      const placedAt = new Date(Date.now() - random(90 * 86_400) * 1000);
      const lines = new Map<number, number>();
      for (let line = 1 + random(3); line > 0; line--) {
        const product = products[random(products.length)];
        if (product === undefined) continue;
        const quantity = 1 + random(3);
        const already = (taken.get(product.id) ?? 0) + (lines.get(product.id) ?? 0);
        if (product.stock - already >= quantity)
          lines.set(product.id, (lines.get(product.id) ?? 0) + quantity);
      }
      if (lines.size === 0) continue;
      let totalCents = 0;
      for (const [productId, quantity] of lines) {
        const product = byId.get(productId);
        const priceCents = product?.priceCents ?? 0;
        totalCents += priceCents * quantity;
        items.push([
          orderId,
          productId,
          product?.name ?? '',
          (priceCents / 100).toFixed(2),
          quantity,
          ((priceCents * quantity) / 100).toFixed(2),
        ]);
        const stockAfter = (product?.stock ?? 0) - (taken.get(productId) ?? 0) - quantity;
        taken.set(productId, (taken.get(productId) ?? 0) + quantity);
        movements.push([productId, -quantity, 'order', `order:${orderId}`, stockAfter, placedAt]);
      }
      const path = STATUS_PATHS[random(STATUS_PATHS.length)] ?? ['pending'];
      const status = path[path.length - 1] ?? 'pending';
      const shipped = path.includes('shipped');
      const delivery = new Date(placedAt.getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
      orders.push([
        orderId,
        customerIds[random(customerIds.length)],
        status,
        placedAt,
        delivery,
        shipped ? 'UPS' : null,
        shipped ? `1Z${String(orderId).padStart(16, '0')}` : null,
        (totalCents / 100).toFixed(2),
        (totalCents / 100).toFixed(2),
        placedAt,
        placedAt,
      ]);
      path.forEach((to, step) => {
        events.push([
          orderId,
          step === 0 ? null : path[step - 1],
          to,
          step === 0 ? 'order placed' : null,
          placedAt,
        ]);
      });
    }
    await insertRows(
      'orders',
      [
        'id',
        'customer_id',
        'status',
        'order_date',
        'expected_delivery_date',
        'carrier',
        'tracking_number',
        // Generated orders use no coupon: the subtotal is the total (discount_total and each line's discount 0).
        'subtotal',
        'total',
        'created_at',
        'updated_at',
      ],
      orders,
    );
    await insertRows(
      'order_item',
      ['order_id', 'product_id', 'product_name', 'unit_price', 'quantity', 'line_total'],
      items,
    );
    await insertRows('order_status_event', ['order_id', 'from_status', 'to_status', 'note', 'at'], events);
    await insertRows(
      'stock_movement',
      ['product_id', 'delta', 'reason', 'reference', 'stock_after', 'created_at'],
      movements,
    );
    progress('orders', start + size, count);
  }
  // The stock the orders took, applied to the products in one statement per batch of products.
  const deltas = [...taken.entries()];
  for (let start = 0; start < deltas.length; start += BATCH) {
    const slice = deltas.slice(start, start + BATCH);
    const cases = slice.map(() => 'WHEN ? THEN stock - ?').join(' ');
    await getSequelize().query(
      `UPDATE product SET stock = CASE id ${cases} END WHERE id IN (${slice.map(() => '?').join(',')})`,
      {
        replacements: [...slice.flat(), ...slice.map(([id]) => id)],
      },
    );
  }
}
