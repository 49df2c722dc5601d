/** The distinct values of an indexed column, fast however many rows share them. */
import type { Sequelize } from 'sequelize';
import { select } from '../../platform/db/sql/query';

/**
 * A loose index scan (a recursive CTE that jumps from one value to the next with `min(col) >
 * previous`): one index probe per distinct value instead of reading every row, which is what
 * SELECT DISTINCT would do. `table` and `column` are constant SQL, never input; NULLs are skipped.
 */
export async function distinctValues(sequelize: Sequelize, table: string, column: string, limit: number): Promise<string[]> {
  const sql = `WITH RECURSIVE v(value) AS (
      SELECT min(${column}) FROM ${table}
      UNION ALL
      SELECT (SELECT min(${column}) FROM ${table} WHERE ${column} > v.value) FROM v WHERE v.value IS NOT NULL
    )
    SELECT value FROM v WHERE value IS NOT NULL LIMIT $1`;
  return (await select<{ value: string }>(sequelize, sql, [limit])).map((r) => r.value);
}
