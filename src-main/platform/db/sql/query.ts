/**
 * Statements through Sequelize with bound parameters only: SQL text is built from constant
 * fragments (and quoteIdentifier for names), every value is a `$n` parameter.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { toAppError } from '../errors';

/** Runs `work`, turning any database error into an AppError (constraint names kept). */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toAppError(e);
  }
}

/** A statement that returns rows: SELECT, or a change with RETURNING. */
export function select<T extends object>(
  sequelize: Sequelize,
  sql: string,
  bind: unknown[],
  transaction?: Transaction | null,
): Promise<T[]> {
  return sequelize.query<T>(sql, { type: QueryTypes.SELECT, bind, transaction: transaction ?? null });
}

/** A change that returns no rows (UPDATE, DELETE, INSERT without RETURNING). */
export async function execute(sequelize: Sequelize, sql: string, bind: unknown[], transaction?: Transaction | null): Promise<void> {
  await sequelize.query(sql, { type: QueryTypes.RAW, bind, transaction: transaction ?? null });
}
