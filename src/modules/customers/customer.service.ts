import { ForeignKeyConstraintError, Op } from 'sequelize';
import { withTransaction } from '../../database/transaction';
import { AppError, notFound } from '../../shared/errors';
import { escapeLike } from '../../shared/sql';
import { offsetOf } from '../../shared/pagination';
import { Account } from './account.model';
import { assertNotLastAdmin } from './account.service';
import { assertCanReach } from '../../shared/auth-context';
import type { AuthContext } from '../../shared/auth-context';
import { toCustomerDto } from './customer.dto';
import type { CustomerDto } from './customer.dto';
import { Customer } from './customer.model';
import type { CreateCustomerBody, ListCustomersQuery, UpdateCustomerBody } from './customer.schemas';

async function findCustomer(id: number): Promise<Customer> {
  const customer = await Customer.findByPk(id);
  if (customer === null) throw notFound('Customer', id);
  return customer;
}

export async function createCustomer(body: CreateCustomerBody): Promise<CustomerDto> {
  return toCustomerDto(await Customer.create(body));
}

export async function listCustomers(
  query: ListCustomersQuery,
): Promise<{ items: CustomerDto[]; total: number }> {
  const pattern = query.q === undefined ? undefined : `%${escapeLike(query.q)}%`;
  const { rows, count } = await Customer.findAndCountAll({
    where: {
      ...(pattern === undefined
        ? {}
        : { [Op.or]: [{ name: { [Op.like]: pattern } }, { email: { [Op.like]: pattern } }] }),
      // Emails are stored lower-cased and the schema lower-cases the query: an exact lookup on the unique index.
      ...(query.email === undefined ? {} : { email: query.email }),
    },
    order: [['id', 'ASC']],
    limit: query.per_page,
    offset: offsetOf(query),
  });
  return { items: rows.map(toCustomerDto), total: count };
}

export async function getCustomer(actor: AuthContext, id: number): Promise<CustomerDto> {
  assertCanReach(actor, id, 'Customer', id);
  return toCustomerDto(await findCustomer(id));
}

export async function updateCustomer(
  actor: AuthContext,
  id: number,
  body: UpdateCustomerBody,
): Promise<CustomerDto> {
  assertCanReach(actor, id, 'Customer', id);
  const customer = await findCustomer(id);
  await customer.update(body);
  return toCustomerDto(customer);
}

/** Deletes the customer and its account (its tokens go with it); refused while it has orders. */
export async function deleteCustomer(id: number): Promise<void> {
  await withTransaction(async (transaction) => {
    const customer = await Customer.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (customer === null) throw notFound('Customer', id);
    const account = await Account.findOne({ where: { customer_id: id }, transaction });
    if (account?.role === 'admin') await assertNotLastAdmin(account.id, transaction);
    try {
      await customer.destroy({ transaction });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintError) {
        throw new AppError('CONFLICT', `Customer ${id} has orders and cannot be deleted`);
      }
      throw error;
    }
  });
}
