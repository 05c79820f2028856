/**
 * Sample customers, each with a customer account. Their credentials are in the README; they exist for trying the
 * API by hand and must never be seeded into a production database. The first customer row belongs to the admin
 * account, whose username and password come from ADMIN_USERNAME and ADMIN_PASSWORD.
 */
export const adminCustomerSeed = { name: 'Store Admin', email: 'admin@example.com', phone_number: null };

export const customerSeeds = [
  {
    customer: { name: 'Alice Johnson', email: 'alice@example.com', phone_number: '+1 555-0101' },
    account: { username: 'alice', password: 'alice-password-1' },
  },
  {
    customer: { name: 'Bob Smith', email: 'bob@example.com', phone_number: '+1 555-0102' },
    account: { username: 'bob', password: 'bob-password-1' },
  },
  {
    customer: { name: 'Carol Diaz', email: 'carol@example.com', phone_number: null },
    account: { username: 'carol', password: 'carol-password-1' },
  },
];
