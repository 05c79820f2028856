/**
 * Customers and their accounts: the customer records, the one login each may have, its password and its bearer
 * tokens. One module, because a customer, its account and its credentials live and die together.
 */
import type { FeatureModule } from '../../shared/feature-module';
import { documentAccountRoutes } from './account.openapi';
import { accountRouter } from './account.router';
import { documentCustomerRoutes } from './customer.openapi';
import { customerRouter } from './customer.router';

export { Account } from './account.model';
export { AuthToken } from './auth-token.model';
export { Customer } from './customer.model';
export { accountSchema, usernameString } from './account.schemas';
export type { AccountDto } from './account.schemas';
export { customerFields, customerSchema, emailString } from './customer.schemas';
export { passwordProblem, passwordString, withPasswordNotUsername } from './password-policy';
export { createAccount, toAccountDto } from './account.service';
export { toCustomerDto } from './customer.dto';
export type { CustomerDto } from './customer.dto';
export { burnPasswordCheck, hashPassword, verifyPassword } from './password';
export { findSession, issueToken, revokeToken } from './token.service';
export type { IssuedToken } from './token.service';

export const customersModule: FeatureModule = {
  routes: [
    { path: '/customers', router: () => customerRouter },
    { path: '/accounts', router: () => accountRouter },
  ],
  docs: {
    tags: [
      { name: 'Customers', description: 'Customer records (admin, or the customer itself)' },
      { name: 'Accounts', description: 'Logins linked one-to-one to customers' },
    ],
    document: () => {
      documentCustomerRoutes();
      documentAccountRoutes();
    },
  },
};
