import type pg from 'pg';

/**
 * A managed transaction on a raw pg client, for the COPY-based jobs that bypass Sequelize:
 * committed when `work` resolves, rolled back when it throws — never left open.
 */
export async function inTransaction<T>(client: pg.Client | pg.PoolClient, work: () => Promise<T>): Promise<T> {
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
