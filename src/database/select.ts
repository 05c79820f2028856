import { QueryTypes } from 'sequelize';
import type { Transaction } from 'sequelize';
import { getSequelize } from './sequelize';

/**
 * The one way reads are written: a SELECT through Sequelize's public query API, inside `transaction` when one is
 * given (its locks and snapshot), otherwise on the pool. Named replacements (`:id`), arrays expanded for IN.
 */
export function selectRows<T extends object>(
  sql: string,
  replacements: Record<string, unknown> = {},
  transaction?: Transaction,
): Promise<T[]> {
  return getSequelize().query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}
