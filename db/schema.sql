-- The assignment's schema command: drop and create the database.
-- `npm run db:schema` runs this file through mysql2 (no mysql client needed), with the configured DB_NAME in
-- place of ecommerce_db. The tables themselves are created by the migrations in db/migrations, which
-- `npm run db:migrate`, `npm start` and `npm run seed` apply.
DROP DATABASE IF EXISTS ecommerce_db;

CREATE DATABASE ecommerce_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
