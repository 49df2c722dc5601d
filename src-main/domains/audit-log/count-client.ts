/** The count estimate (count.ts) on a plain pg client, for the export's progress total. */
import type pg from 'pg';
import type { AuditFilter } from '../../shared/model/audit-filter';
import { Params } from '../../platform/db/sql/params';
import { filterTerms } from './filter-sql';

export async function estimateCountOnClient(client: pg.Client, filter: AuditFilter, now: Date): Promise<number> {
  const p = new Params();
  const terms = filterTerms(p, filter, now);
  // Constant fragments with $n placeholders (filter-sql.ts); every value is bound.
  const sql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM audit_logs a ${terms.length ? `WHERE ${terms.join(' AND ')}` : ''}`;
  const result = await client.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(sql, p.values);
  return Math.max(0, Math.round(result.rows[0]?.['QUERY PLAN']?.[0]?.Plan['Plan Rows'] ?? 0));
}
