import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

// Failed logins are throttled per (username, client address) pair: the count that every login reads before it
// checks a password is served by this index.
export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.addIndex('login_failure', ['username', 'client_address', 'failed_at'], {
    name: 'login_failure_pair',
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {
  await queryInterface.removeIndex('login_failure', 'login_failure_pair');
};
