import type { Model, ModelStatic, Transaction } from 'sequelize';
import { assertCanReach } from '../shared/auth-context';
import type { AuthContext } from '../shared/auth-context';
import { notFound } from '../shared/errors';

/**
 * A row that belongs to a customer (an order, an account), found by id for `actor`: a 404 when it does not exist
 * or belongs to someone the actor may not reach, so ids cannot be probed. Inside a transaction the row is locked
 * (SELECT ... FOR UPDATE by primary key) until it ends.
 */
export async function findOwnedRow<M extends Model & { customer_id: number }>(
  model: ModelStatic<M>,
  what: string,
  actor: AuthContext,
  id: number,
  transaction?: Transaction,
): Promise<M> {
  const row = await model.findByPk(id, {
    transaction,
    ...(transaction ? { lock: transaction.LOCK.UPDATE } : {}),
  });
  if (row === null) throw notFound(what, id);
  assertCanReach(actor, row.customer_id, what, id);
  return row;
}
