/**
 * Customers and their accounts: the customer records, the one login each may have, its password and its bearer
 * tokens. One module, because a customer, its account and its credentials live and die together.
 */
import type { FeatureModule } from '../../shared/feature-module';
import { accountEndpoints } from './account.routes';
import { customerEndpoints } from './customer.routes';

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
  endpoints: [...customerEndpoints, ...accountEndpoints],
  tags: [
    { name: 'Customers', description: 'Customer records (admin, or the customer itself)' },
    { name: 'Accounts', description: 'Logins linked one-to-one to customers' },
  ],
};
