import { getConfigOrExit } from '../src/config/env';
import { getSequelize } from '../src/database/sequelize';
import { ensureDatabase } from '../src/database/setup';
import { SingleBar, Presets } from 'cli-progress';
import { parseSeedArgs } from './args';
import { generateData } from './generate';
import { seedAll } from './index';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function generate(options: ReturnType<typeof parseSeedArgs>): Promise<void> {
  print(
    `Generating ${options.products} products, ${options.customers} customers and ${options.orders} orders...`,
  );
  let bar: SingleBar | undefined;
  let phase = '';
  const reports = await generateData(options, (name, done, total) => {
    if (name !== phase) {
      bar?.stop();
      phase = name;
      bar = new SingleBar(
        {
          format: `  ${name.padEnd(10)} [{bar}] {percentage}% {value}/{total} rows  {eta_formatted} left`,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar?.update(done);
  });
  bar?.stop();
  for (const report of reports) {
    const rate =
      report.seconds > 0
        ? `in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / report.seconds)} rows/s)`
        : '';
    print(`  ${report.phase}: ${report.rows} ${rate}`);
  }
}

async function main(): Promise<void> {
  const options = parseSeedArgs(process.argv.slice(2));
  const { db } = getConfigOrExit();
  print(`Seeding database ${db.name} on ${db.host}:${db.port}`);
  await ensureDatabase(db);
  const summary = await seedAll();
  print(`  every table dropped, then rebuilt by ${summary.migrations.length} migration(s):`);
  for (const name of summary.migrations) print(`    ${name}`);
  print(`  categories:   ${summary.categories}`);
  print(`  products:     ${summary.products}`);
  print(`  tags:         ${summary.tags}`);
  print(`  product tags: ${summary.product_tags}`);
  print(`  customers:    ${summary.customers}`);
  for (const account of summary.accounts) print(`  account:      ${account.username} (${account.role})`);
  for (const order of summary.orders)
    print(`  order:        #${order.id} for customer ${order.customer_id}, ${order.status}`);
  for (const sale of summary.sales) print(`  sale:         ${sale} (running now)`);
  for (const coupon of summary.coupons) print(`  coupon:       ${coupon}`);
  if (options.products + options.customers + options.orders > 0) await generate(options);
  print('Seed complete.');
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => getSequelize().close());
