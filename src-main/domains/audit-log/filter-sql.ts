/** The audit filter (shared/model/audit-filter.ts) as WHERE terms on `audit_logs a`, every value bound. */
import type { AuditFilter, TimeSpec } from '../../shared/model/audit-filter';
import { containsPattern, type Params } from '../../platform/db/sql/params';
import { pgTimestampFromMicros } from '../../platform/db/sql/timestamps';

/** A time of the filter as a TIMESTAMP parameter value: relative ones count back from `now`. */
export function resolveTime(spec: TimeSpec, now: Date): string {
  if (spec.kind === 'absolute') return spec.utc;
  return pgTimestampFromMicros(BigInt(now.getTime()) * 1000n - BigInt(spec.seconds) * 1_000_000n);
}

const oneOrAny = (p: Params, column: string, values: readonly string[]) =>
  values.length === 1 ? `${column} = ${p.add(values[0])}` : `${column} = ANY (${p.add(values)}::text[])`;

/**
 * WHERE terms for the filter. Mode, outcome, role and workflow are equalities the keyset index
 * on (created_at, id) serves with a filter (each value is common, so a page is found after a few
 * hundred index entries); since/until bound that index's range; trace and user use the
 * service's own indexes; actor and text are ILIKE scans, bounded by the statement timeout.
 */
export function filterTerms(p: Params, filter: AuditFilter, now: Date): string[] {
  const where: string[] = [];
  if (filter.since) where.push(`a.created_at >= ${p.add(resolveTime(filter.since, now))}::timestamp`);
  if (filter.until) where.push(`a.created_at < ${p.add(resolveTime(filter.until, now))}::timestamp`);
  if (filter.mode) where.push(oneOrAny(p, 'a.drag_mode', filter.mode));
  if (filter.outcome) where.push(oneOrAny(p, 'a.outcome', filter.outcome));
  if (filter.role) where.push(oneOrAny(p, 'a.actor_role', filter.role));
  if (filter.workflow) where.push(oneOrAny(p, 'a.workflow_name', filter.workflow));
  if (filter.trace) where.push(`a.trace_id = ${p.add(filter.trace)}::uuid`);
  if (filter.user) where.push(`a.user_id = ${p.add(filter.user)}::uuid`);
  if (filter.actor) {
    const pattern = p.add(containsPattern(filter.actor));
    where.push(`(a.actor_name ILIKE ${pattern} OR a.actor_email ILIKE ${pattern})`);
  }
  if (filter.text) {
    const pattern = p.add(containsPattern(filter.text));
    where.push(`(a.mission_objective ILIKE ${pattern} OR a.error ILIKE ${pattern})`);
  }
  return where;
}
