import dotenv from 'dotenv';

// Imported first by the bench: points every module at a dedicated bench database before any of them reads the
// config, so a benchmark never touches the development database.
dotenv.config({ quiet: true });
const base =
  process.env.DB_NAME === undefined || process.env.DB_NAME === '' ? 'ecommerce_db' : process.env.DB_NAME;
process.env.DB_NAME = base.endsWith('_bench') ? base : `${base}_bench`;
delete process.env.DATABASE_URL;
process.env.LOG_LEVEL = 'warn';
