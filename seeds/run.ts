import '../src/config/exit-on-invalid';
import { getConfig } from '../src/config/env';
import { sequelize } from '../src/database/sequelize';
import { ensureDatabase } from '../src/database/setup';
import { seedAll } from './index';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { db } = getConfig();
  print(`Seeding database ${db.name} on ${db.host}:${db.port}`);
  await ensureDatabase(db);
  const summary = await seedAll();
  print(
    `  tables dropped and re-created: ${Object.values(sequelize.models)
      .map((m) => m.tableName)
      .join(', ')}`,
  );
  print(`  categories:   ${summary.categories}`);
  print(`  products:     ${summary.products}`);
  print(`  tags:         ${summary.tags}`);
  print(`  product tags: ${summary.product_tags}`);
  print(`  customers:    ${summary.customers}`);
  for (const account of summary.accounts) print(`  account:      ${account.username} (${account.role})`);
  for (const order of summary.orders)
    print(`  order:        #${order.id} for customer ${order.customer_id}, ${order.status}`);
  print('Seed complete.');
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => sequelize.close());
