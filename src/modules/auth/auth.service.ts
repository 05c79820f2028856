import { withTransaction } from '../../database/transaction';
import { AppError, notFound } from '../../shared/errors';
import type { AuthContext } from '../../shared/auth-context';
import {
  Account,
  Customer,
  burnPasswordCheck,
  createAccount,
  issueToken,
  revokeToken,
  toAccountDto,
  toCustomerDto,
  verifyPassword,
} from '../customers';
import type { AccountDto, CustomerDto, IssuedToken } from '../customers';
import type { LoginBody, RegisterBody } from './auth.schemas';
import { clearPairFailures, startLoginAttempt } from './login-limiter';

export interface Session extends IssuedToken {
  account: AccountDto;
  customer: CustomerDto;
}

/** Creates a customer, its account (always role customer) and a first token, all or nothing. */
export async function register(body: RegisterBody): Promise<Session> {
  const { username, password, ...customerFields } = body;
  return withTransaction(async (transaction) => {
    const customer = await Customer.create(customerFields, { transaction });
    const account = await createAccount(
      { customer_id: customer.id, username, password, role: 'customer' },
      transaction,
    );
    const token = await issueToken(account.id, transaction);
    return { ...token, account, customer: toCustomerDto(customer) };
  });
}

const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'Invalid username or password');

/**
 * A wrong username and a wrong password give the same 401 after the same amount of work (a password check
 * against a dummy hash), so neither the body nor the timing tells which usernames exist.
 */
export async function login(body: LoginBody, clientAddress: string): Promise<Session> {
  await startLoginAttempt(body.username, clientAddress);
  const account = await Account.findOne({ where: { username: body.username } });
  const valid =
    account === null
      ? await burnPasswordCheck(body.password).then(() => false)
      : await verifyPassword(body.password, account.password_hash);
  // A refused password leaves its attempt counted as a failure.
  if (account === null || !valid) throw invalidCredentials();
  await clearPairFailures(body.username, clientAddress);
  const customer = await Customer.findByPk(account.customer_id);
  if (customer === null) throw invalidCredentials();
  return {
    ...(await issueToken(account.id)),
    account: toAccountDto(account),
    customer: toCustomerDto(customer),
  };
}

export async function logout(actor: AuthContext): Promise<void> {
  await revokeToken(actor.tokenId);
}

export async function me(actor: AuthContext): Promise<{ account: AccountDto; customer: CustomerDto }> {
  const account = await Account.findByPk(actor.accountId, { include: [{ model: Customer, as: 'customer' }] });
  const customer = account?.get('customer');
  if (account === null || !(customer instanceof Customer)) throw notFound('Account', actor.accountId);
  return { account: toAccountDto(account), customer: toCustomerDto(customer) };
}
