import { QueryTypes } from 'sequelize';
import { migrationStatus } from '../../src/database/migrator';
import { getSequelize } from '../../src/database/sequelize';
import { seedAll } from '../../seeds';
import { useTestDatabase } from '../helpers/database';
import { api } from '../helpers/http';

useTestDatabase();

const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });

describe('npm run seed (seedAll)', () => {
  test("loads the assignment's rows exactly", async () => {
    const summary = await seedAll();
    // Every table is dropped first, so this run applied every migration there is, and none is pending.
    const status = await migrationStatus(getSequelize());
    expect(status.pending).toEqual([]);
    expect(summary).toEqual({
      migrations: status.applied.map((migration) => migration.name),
      categories: 5,
      products: 5,
      tags: 8,
      product_tags: 12,
      customers: 4,
      orders: [
        { id: 1, customer_id: 2, status: 'delivered' },
        { id: 2, customer_id: 2, status: 'pending' },
        { id: 3, customer_id: 3, status: 'paid' },
        { id: 4, customer_id: 3, status: 'cancelled' },
        { id: 5, customer_id: 4, status: 'shipped' },
      ],
      sales: ['Winter music sale'],
      coupons: ['WELCOME10'],
      accounts: [
        { username: 'admin', role: 'admin' },
        { username: 'alice', role: 'customer' },
        { username: 'bob', role: 'customer' },
        { username: 'carol', role: 'customer' },
      ],
    });

    expect(await select('SELECT id, category_name FROM category ORDER BY id')).toEqual([
      { id: 1, category_name: 'Shirts' },
      { id: 2, category_name: 'Shorts' },
      { id: 3, category_name: 'Music' },
      { id: 4, category_name: 'Hats' },
      { id: 5, category_name: 'Shoes' },
    ]);
    expect(
      await select(
        'SELECT id, product_name, CAST(price AS CHAR) AS price, stock, category_id FROM product ORDER BY id',
      ),
    ).toEqual([
      { id: 1, product_name: 'Plain T-Shirt', price: '14.99', stock: 14, category_id: 1 },
      { id: 2, product_name: 'Running Sneakers', price: '90.00', stock: 25, category_id: 5 },
      { id: 3, product_name: 'Branded Baseball Hat', price: '22.99', stock: 12, category_id: 4 },
      {
        id: 4,
        product_name: 'Top 40 Music Compilation Vinyl Record',
        price: '12.99',
        stock: 50,
        category_id: 3,
      },
      { id: 5, product_name: 'Cargo Shorts', price: '29.99', stock: 22, category_id: 2 },
    ]);
    expect(
      (await select<{ tag_name: string }>('SELECT tag_name FROM tag ORDER BY id')).map((t) => t.tag_name),
    ).toEqual(['rock music', 'pop music', 'blue', 'red', 'green', 'white', 'gold', 'pop culture']);
    expect(
      (
        await select<{ p: number; t: number }>(
          'SELECT product_id AS p, tag_id AS t FROM product_tag ORDER BY product_id, tag_id',
        )
      ).map(({ p, t }) => `${p}-${t}`),
    ).toEqual(['1-6', '1-7', '1-8', '2-6', '3-1', '3-3', '3-4', '3-5', '4-1', '4-2', '4-8', '5-3']);
  });

  test("sample orders leave the assignment's stock, and every stock and total adds up", async () => {
    await seedAll();
    const mismatched = await select(
      `SELECT p.id, p.stock, SUM(m.delta) AS ledger FROM product p JOIN stock_movement m ON m.product_id = p.id
       GROUP BY p.id, p.stock HAVING SUM(m.delta) <> p.stock`,
    );
    expect(mismatched).toEqual([]);
    const badTotals = await select(
      `SELECT o.id FROM orders o JOIN order_item i ON i.order_id = o.id GROUP BY o.id, o.total
       HAVING SUM(i.line_total) <> o.total`,
    );
    expect(badTotals).toEqual([]);
    expect(await select('SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status')).toEqual([
      { status: 'pending', n: 1 },
      { status: 'paid', n: 1 },
      { status: 'shipped', n: 1 },
      { status: 'delivered', n: 1 },
      { status: 'cancelled', n: 1 },
    ]);
    const timeline = await select<{ to_status: string }>(
      'SELECT to_status FROM order_status_event WHERE order_id = 1 ORDER BY id',
    );
    expect(timeline.map((e) => e.to_status)).toEqual(['pending', 'paid', 'shipped', 'delivered']);
  });

  test('is safe to run twice, ending with the same rows', async () => {
    await seedAll();
    const login = await api()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'change-me-admin' })
      .expect(200);
    await api()
      .post('/api/categories')
      .set('Authorization', `Bearer ${login.body.token}`)
      .send({ category_name: 'Extra' })
      .expect(201);
    await seedAll();
    expect(await select('SELECT COUNT(*) AS n FROM category')).toEqual([{ n: 5 }]);
    expect(await select('SELECT COUNT(*) AS n FROM product_tag')).toEqual([{ n: 12 }]);
    expect(await select('SELECT COUNT(*) AS n FROM account')).toEqual([{ n: 4 }]);
    expect(await select('SELECT COUNT(*) AS n FROM auth_token')).toEqual([{ n: 0 }]);
  });

  test('creates the admin from ADMIN_USERNAME / ADMIN_PASSWORD and sample customers who can log in', async () => {
    await seedAll();
    const admin = await api()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'change-me-admin' });
    expect(admin.status).toBe(200);
    expect(admin.body.account.role).toBe('admin');
    for (const [username, password] of [
      ['alice', 'alice-password-1'],
      ['bob', 'bob-password-1'],
      ['carol', 'carol-password-1'],
    ]) {
      const response = await api().post('/api/auth/login').send({ username, password });
      expect(response.status).toBe(200);
      expect(response.body.account.role).toBe('customer');
    }
    const hashes = await select<{ password_hash: string }>('SELECT password_hash FROM account');
    for (const { password_hash } of hashes) expect(password_hash).toMatch(/^scrypt\$/);
  });

  test('GET /api/products/1 on seeded data: 14.99, Shirts, three tags, no product_tag key', async () => {
    await seedAll();
    const response = await api().get('/api/products/1');
    expect(response.body).toEqual({
      id: 1,
      product_name: 'Plain T-Shirt',
      price: 14.99,
      stock: 14,
      category_id: 1,
      low_stock_threshold: 5,
      restock_quantity: 0,
      sku: null,
      sale_price: null,
      sale_ends_at: null,
      category: { id: 1, category_name: 'Shirts' },
      tags: [
        { id: 6, tag_name: 'white' },
        { id: 7, tag_name: 'gold' },
        { id: 8, tag_name: 'pop culture' },
      ],
    });
  });

  test("a running sale covers the Music category, and WELCOME10 takes 10% off a new customer's first order", async () => {
    await seedAll();
    const vinyl = await api().get('/api/products/4').expect(200);
    // 12.99 x 0.8 = 10.392 -> 10.39, the regular price kept in `price`.
    expect(vinyl.body).toMatchObject({ price: 12.99, sale_price: 10.39, sale_ends_at: expect.any(String) });
    expect(Date.parse(vinyl.body.sale_ends_at as string)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const onSale = await api().get('/api/products?on_sale=true').expect(200);
    expect((onSale.body as Array<{ id: number }>).map((product) => product.id)).toEqual([4]);

    const registered = await api()
      .post('/api/auth/register')
      .send({
        name: 'Dana New',
        email: 'dana@example.com',
        username: 'dana',
        password: 'a-long-new-password-9',
      })
      .expect(201);
    const token = registered.body.token as string;
    const first = await api()
      .post('/api/orders')
      .set('Authorization', `Bearer ${token}`)
      .send({ items: [{ product_id: 1, quantity: 2 }], coupon_code: 'welcome10' })
      .expect(201);
    expect(first.body).toMatchObject({
      subtotal: 29.98,
      discount_total: 3,
      coupon_code: 'WELCOME10',
      total: 26.98,
    });
    const second = await api()
      .post('/api/orders')
      .set('Authorization', `Bearer ${token}`)
      .send({ items: [{ product_id: 1, quantity: 1 }], coupon_code: 'WELCOME10' });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('COUPON_USAGE_LIMIT_REACHED');
  });
});
