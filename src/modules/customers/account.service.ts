import { ForeignKeyConstraintError, UniqueConstraintError } from 'sequelize';
import type { Transaction } from 'sequelize';
import { findOwnedRow } from '../../database/owned-row';
import { withTransaction } from '../../database/transaction';
import type { AuthContext } from '../../shared/auth-context';
import { AppError, notFound } from '../../shared/errors';
import { Account } from './account.model';
import type { AccountDto, CreateAccountBody, DeleteAccountBody, UpdateAccountBody } from './account.schemas';
import { toCustomerDto } from './customer.dto';
import type { CustomerDto } from './customer.dto';
import { Customer } from './customer.model';
import { hashPassword, verifyPassword } from './password';
import { passwordProblem } from './password-policy';
import { revokeAccountTokens } from './token.service';

/** An account as clients see it: never the password hash. */

export const toAccountDto = (account: Account): AccountDto => ({
  id: account.id,
  customer_id: account.customer_id,
  username: account.username,
  role: account.role,
  created_at: account.created_at.toISOString(),
  updated_at: account.updated_at.toISOString(),
});

/**
 * Refuses to remove or demote the only admin left, which would lock everyone out of the catalog. The admins are
 * found without a lock and then locked by primary key, in id order like every writer, and counted again under the
 * lock: two admins demoting each other queue (or deadlock, and one is retried) and the second sees the first's
 * change. A locking read on `role = 'admin'` itself, which no index serves, would lock every account row and the
 * gaps between them on InnoDB, holding up every sign-up until this transaction ends.
 */
export async function assertNotLastAdmin(accountId: number, transaction: Transaction): Promise<void> {
  const found = await Account.findAll({ attributes: ['id'], where: { role: 'admin' }, transaction });
  const locked =
    found.length === 0
      ? []
      : await Account.findAll({
          attributes: ['id', 'role'],
          where: { id: found.map((account) => account.id) },
          order: [['id', 'ASC']],
          lock: transaction.LOCK.UPDATE,
          transaction,
        });
  const admins = locked.filter((account) => account.role === 'admin');
  if (admins.length === 1 && admins[0]?.id === accountId) {
    throw new AppError('CONFLICT', 'This is the only admin account; create another admin first');
  }
}

/** Translates unique and foreign-key failures of an account write into errors that name the field. */
function accountWriteError(error: unknown, customerId?: number): unknown {
  if (error instanceof UniqueConstraintError) {
    if ('customer_id' in error.fields) {
      return new AppError('CONFLICT', `Customer ${String(customerId)} already has an account`, [
        { pointer: '#/customer_id', detail: 'already has an account' },
      ]);
    }
    return new AppError('CONFLICT', 'This username is taken', [
      { pointer: '#/username', detail: 'is already taken' },
    ]);
  }
  if (error instanceof ForeignKeyConstraintError) {
    return new AppError('REFERENCE_NOT_FOUND', `Customer ${String(customerId)} does not exist`, [
      { pointer: '#/customer_id', detail: `customer ${String(customerId)} does not exist` },
    ]);
  }
  return error;
}

export async function createAccount(body: CreateAccountBody, transaction?: Transaction): Promise<AccountDto> {
  const password_hash = await hashPassword(body.password);
  try {
    const account = await Account.create(
      {
        customer_id: body.customer_id,
        username: body.username,
        password_hash,
        role: body.role ?? 'customer',
      },
      { transaction },
    );
    return toAccountDto(account);
  } catch (error) {
    throw accountWriteError(error, body.customer_id);
  }
}

/** An account is reachable by its owner and by admins; to anyone else it does not exist. */
const findReachableAccount = (actor: AuthContext, id: number, transaction?: Transaction) =>
  findOwnedRow(Account, 'Account', actor, id, transaction);

export async function getAccount(
  actor: AuthContext,
  id: number,
): Promise<AccountDto & { customer: CustomerDto }> {
  const account = await findReachableAccount(actor, id);
  const customer = await Customer.findByPk(account.customer_id);
  if (customer === null) throw notFound('Account', id);
  return { ...toAccountDto(account), customer: toCustomerDto(customer) };
}

/**
 * An owner changing or deleting its own account proves who it is with its password, so that a stolen token
 * alone cannot take the account over or destroy it. `action` completes "to ... your own account".
 */
async function assertCurrentPassword(
  account: Account,
  currentPassword: string | undefined,
  action: string,
): Promise<void> {
  if (currentPassword === undefined) {
    throw new AppError('VALIDATION_FAILED', `Send current_password to ${action} your own account`, [
      { pointer: '#/current_password', detail: `is required to ${action} your own account` },
    ]);
  }
  if (!(await verifyPassword(currentPassword, account.password_hash))) {
    throw new AppError('VALIDATION_FAILED', 'current_password is wrong', [
      { pointer: '#/current_password', detail: 'does not match' },
    ]);
  }
}

/**
 * Changes username, password or (admins only, enforced by the body schema) role. The owner must prove the
 * current password. A new password revokes every other token of the account.
 */
export async function updateAccount(
  actor: AuthContext,
  id: number,
  body: UpdateAccountBody,
): Promise<AccountDto> {
  const newHash = body.password === undefined ? undefined : await hashPassword(body.password);
  return withTransaction(async (transaction) => {
    const account = await findReachableAccount(actor, id, transaction);
    const isOwner = actor.accountId === account.id;
    if (isOwner) await assertCurrentPassword(account, body.current_password, 'change');
    // The body schema compares a password with a username sent beside it; only here is the kept one known.
    const problem =
      body.password === undefined
        ? undefined
        : passwordProblem(body.password, body.username ?? account.username);
    if (problem !== undefined) {
      throw new AppError('VALIDATION_FAILED', 'The new password is not acceptable', [
        { pointer: '#/password', detail: problem },
      ]);
    }
    if (account.role === 'admin' && body.role === 'customer')
      await assertNotLastAdmin(account.id, transaction);
    try {
      await account.update(
        {
          ...(body.username === undefined ? {} : { username: body.username }),
          ...(newHash === undefined ? {} : { password_hash: newHash }),
          ...(body.role === undefined ? {} : { role: body.role }),
        },
        { transaction },
      );
    } catch (error) {
      throw accountWriteError(error, account.customer_id);
    }
    if (newHash !== undefined) {
      await revokeAccountTokens(account.id, isOwner ? actor.tokenId : undefined, transaction);
    }
    return toAccountDto(account);
  });
}

/**
 * Deletes the account; its tokens go with it (ON DELETE CASCADE), so they stop working at once. The owner must
 * prove the current password; an admin deleting another account need not.
 */
export async function deleteAccount(actor: AuthContext, id: number, body: DeleteAccountBody): Promise<void> {
  await withTransaction(async (transaction) => {
    const account = await findReachableAccount(actor, id, transaction);
    if (actor.accountId === account.id) await assertCurrentPassword(account, body.current_password, 'delete');
    if (account.role === 'admin') await assertNotLastAdmin(account.id, transaction);
    await account.destroy({ transaction });
  });
}
