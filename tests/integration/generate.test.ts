import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../src/database/sequelize';
import { seedAll } from '../../seeds';
import { parseSeedArgs } from '../../seeds/args';
import { generateData } from '../../seeds/generate';
import { useTestDatabase } from '../helpers/database';
import { api } from '../helpers/http';

useTestDatabase();

const select = <T extends object>(sql: string) => getSequelize().query<T>(sql, { type: QueryTypes.SELECT });

describe('npm run seed -- --products N --customers N --orders N', () => {
  test('adds consistent data on top of the seed: stock equals its ledger, totals equal their lines', async () => {
    await seedAll();
    const phases: string[] = [];
    const reports = await generateData({ products: 1200, customers: 30, orders: 200 }, (phase) => {
      if (!phases.includes(phase)) phases.push(phase);
    });
    expect(phases).toEqual(['products', 'customers', 'orders']);
    expect(reports.map((report) => report.phase)).toEqual([
      'products',
      '  with tag links',
      'customers with accounts',
      'orders',
    ]);

    expect(await select('SELECT COUNT(*) AS n FROM product')).toEqual([{ n: 1205 }]);
    expect(await select('SELECT COUNT(*) AS n FROM customer')).toEqual([{ n: 34 }]);
    expect(
      await select(
        `SELECT p.id FROM product p JOIN stock_movement m ON m.product_id = p.id
         GROUP BY p.id, p.stock HAVING SUM(m.delta) <> p.stock`,
      ),
    ).toEqual([]);
    expect(
      await select(
        `SELECT o.id FROM orders o JOIN order_item i ON i.order_id = o.id GROUP BY o.id, o.total HAVING SUM(i.line_total) <> o.total`,
      ),
    ).toEqual([]);
    expect(await select('SELECT id FROM product WHERE stock < 0')).toEqual([]);

    const generatedCustomer = await api()
      .post('/api/auth/login')
      .send({ username: 'customer10', password: 'customer-password-1' });
    expect(generatedCustomer.status).toBe(200);
    const page = await api().get('/api/products?per_page=100&page=12');
    expect(page.headers['x-total-count']).toBe('1205');
  });
});

describe('parseSeedArgs', () => {
  test('reads the three sizes in both spellings', () => {
    expect(parseSeedArgs(['--products', '100000', '--orders=50'])).toEqual({
      products: 100_000,
      customers: 0,
      orders: 50,
    });
    expect(parseSeedArgs([])).toEqual({ products: 0, customers: 0, orders: 0 });
  });

  test.each([[['--products']], [['--products', 'lots']], [['--items', '3']], [['--orders', '-1']]])(
    '%j is refused with a message naming the argument',
    (argv) => {
      expect(() => parseSeedArgs(argv)).toThrow(/--(products|items|orders)/);
    },
  );
});
