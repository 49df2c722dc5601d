/**
 * The SQL of one audit log page: keyset on (created_at, id), no OFFSET, either direction.
 *
 * One total order, K = (created_at ASC NULLS LAST, id ASC), read forwards or backwards: the
 * oldest-first view is K, newest-first is K reversed, and a page before a cursor is the other
 * way round. Every query is a range of the index idx_console_audit_logs_created_at_id
 * (created_at, id), walked up or down from the cursor, so a page costs the same at any depth.
 * Rows without created_at come after every dated row in K (where the index keeps NULLs); they
 * are read as a second segment only when the dated rows run out, so the first query stays one
 * index range.
 */
import type { AuditFilter } from '../../shared/model/audit-filter';
import { Params } from '../../platform/db/sql/params';
import { isoSql } from '../../platform/db/sql/timestamps';
import { filterTerms } from './filter-sql';

/** The name the index must have (the seals migration builds it CONCURRENTLY). */
export const KEYSET_INDEX = 'idx_console_audit_logs_created_at_id';

/** A place in K: after/before this (created_at as TIMESTAMP text, or null; id). */
export interface Position {
  createdAt: string | null;
  id: string;
}

export type Segment = 'dated' | 'undated';

/**
 * Set (SET LOCAL) in the transaction of every page query. For a filter matching a few percent of
 * the rows, the planner prices the service's narrower idx_audit_logs_created_at plus an
 * Incremental Sort on id within equal times a hair below walking the keyset index, and which
 * one wins flips with the statistics of the day. The keyset index gives the order with no sort
 * at all and stops after `limit` rows; without incremental sort the alternative needs a full
 * Sort of every matching row, so the planner takes the keyset index. A filter that an index of
 * its own narrows to a few rows (trace id) still uses that index and sorts those rows.
 */
export const PAGE_SESSION_SETTINGS: readonly string[] = ['SET LOCAL enable_incremental_sort = off'];

export const PAGE_COLUMNS = `a.id, a.trace_id, a.user_id, a.actor_name, a.actor_email, a.actor_role, a.drag_mode, a.workflow_name,
  a.outcome, left(a.error, 200) AS error, a.duration_seconds::text AS duration_seconds,
  left(a.mission_objective, 200) AS mission_objective, ${isoSql('a.created_at')} AS created_at`;

/**
 * The segments a scan in direction `asc` (along K) from `from` (exclusive; null: from the
 * start of that direction) reads, in the order it reads them.
 */
export function segmentsFrom(from: Position | null, asc: boolean): Segment[] {
  if (asc) return from && from.createdAt === null ? ['undated'] : ['dated', 'undated'];
  return from && from.createdAt !== null ? ['dated'] : ['undated', 'dated'];
}

export interface PageSql {
  sql: string;
  values: unknown[];
}

/** One segment's query: up to `limit` rows from `from` (exclusive), along K when `asc`. */
export function segmentQuery(
  filter: AuditFilter,
  now: Date,
  segment: Segment,
  from: Position | null,
  asc: boolean,
  limit: number,
  columns = PAGE_COLUMNS,
): PageSql {
  const p = new Params();
  const where = filterTerms(p, filter, now);
  const op = asc ? '>' : '<';
  if (segment === 'dated') {
    if (from && from.createdAt !== null) {
      const at = p.add(from.createdAt);
      // The plain bound on created_at is implied by the row comparison; it is there so that an index
      // on created_at alone (the service's idx_audit_logs_created_at) also starts at the cursor
      // instead of filtering every row before it.
      where.push(`(a.created_at, a.id) ${op} (${at}::timestamp, ${p.add(from.id)}::uuid)`, `a.created_at ${op}= ${at}::timestamp`);
    } else where.push('a.created_at IS NOT NULL');
  } else {
    where.push('a.created_at IS NULL');
    if (from && from.createdAt === null) where.push(`a.id ${op} ${p.add(from.id)}::uuid`);
  }
  const dir = asc ? 'ASC' : 'DESC';
  const sql = `SELECT ${columns} FROM audit_logs a WHERE ${where.join(' AND ')}
    ORDER BY a.created_at ${dir}, a.id ${dir} LIMIT ${p.add(limit)}`;
  return { sql, values: p.values };
}
