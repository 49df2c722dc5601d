/**
 * The one transaction helper: committed when `work` resolves, rolled back when it throws,
 * never left open. Through Sequelize it is a managed transaction (`sequelize.transaction`)
 * whose failures come out as AppErrors; on a plain pg client (the COPY jobs that bypass the
 * pool) it is BEGIN/COMMIT with ROLLBACK on any failure.
 */
import type pg from 'pg';
import { Sequelize, type Transaction } from 'sequelize';
import { mapped } from './sql/query';

export function inTransaction<T>(db: Sequelize, work: (t: Transaction) => Promise<T>): Promise<T>;
export function inTransaction<T>(db: pg.Client | pg.PoolClient, work: () => Promise<T>): Promise<T>;
export function inTransaction<T>(db: Sequelize | pg.Client | pg.PoolClient, work: (t: Transaction) => Promise<T>): Promise<T> {
  if (db instanceof Sequelize) return mapped(() => db.transaction(work));
  return onClient(db, () => work(undefined as never));
}

async function onClient<T>(client: pg.Client | pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
