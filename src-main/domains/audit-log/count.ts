/**
 * How many audit entries match: never in the way of the first page. The estimate is the
 * catalogue's row count (pg_class.reltuples) without a filter, the planner's row estimate
 * (EXPLAIN) with one; the exact count is a count(*) on request, stoppable like any audit query.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { AuditFilter } from '../../shared/model/audit-filter';
import { Params } from '../../platform/db/sql/params';
import { select } from '../../platform/db/sql/query';
import { filterTerms } from './filter-sql';

function whereOf(filter: AuditFilter, now: Date): { where: string; values: unknown[] } {
  const p = new Params();
  const terms = filterTerms(p, filter, now);
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', values: p.values };
}

export async function estimateCount(sequelize: Sequelize, t: Transaction | null, filter: AuditFilter, now: Date): Promise<number> {
  const { where, values } = whereOf(filter, now);
  if (!where) {
    const [row] = await select<{ n: string }>(
      sequelize,
      "SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'audit_logs'::regclass",
      [],
      t,
    );
    const n = Number(row?.n ?? -1);
    // -1: never analysed (PostgreSQL 14+); the planner's guess is the next best.
    if (n >= 0) return n;
  }
  const rows = await select<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    sequelize,
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM audit_logs a ${where}`,
    values,
    t,
  );
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as typeof plan) : plan;
  return Math.max(0, Math.round(parsed?.[0]?.Plan['Plan Rows'] ?? 0));
}

export async function exactCount(sequelize: Sequelize, t: Transaction | null, filter: AuditFilter, now: Date): Promise<number> {
  const { where, values } = whereOf(filter, now);
  const [row] = await select<{ n: string }>(sequelize, `SELECT count(*)::text AS n FROM audit_logs a ${where}`, values, t);
  return Number(row?.n ?? 0);
}
