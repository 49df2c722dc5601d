/**
 * An evidence selection by audit filter (docs/audit-filter.md): the same WHERE terms the audit
 * browser's list and its CSV/JSONL export use (audit-log/filter-sql.ts), so a bundle of a filter
 * holds exactly the rows the Audit Log page shows for it (the sealed ones: the rest are counted
 * and left out by the export, as for every selection).
 *
 * COPY takes no bound parameters: each value is bound to a transaction-local setting
 * (govcon.filter_N, set with set_config) and the terms read it back with current_setting(), as
 * the other selections do (seals/log-sql.ts).
 */
import { printFilter, type AuditFilter } from '../../shared/model/audit-filter';
import { Params } from '../../platform/db/sql/params';
import { filterTerms, resolveTime } from '../audit-log/filter-sql';
import { settingText } from '../audit-log/export';
import { filterOf } from '../audit-log/list';

export interface FilterWhere {
  /** WHERE text on `audit_logs a` (TRUE for the empty filter), reading its values from settings. */
  where: string;
  /** [setting name without the `govcon.` prefix, value] to set before the statement runs. */
  settings: [string, string][];
}

const settingName = (n: number) => `filter_${n}`;

/**
 * The filter as a WHERE clause on settings. Relative times (since:7d) count back from `now`,
 * as the page's list does at the moment it is read.
 */
export function filterWhere(filter: AuditFilter, now: Date): FilterWhere {
  const p = new Params();
  const terms = filterTerms(p, filter, now);
  const where = terms
    .map((term) => term.replace(/\$(\d+)/g, (_, n: string) => `current_setting('govcon.${settingName(Number(n))}')`))
    .join(' AND ');
  return {
    where: where || 'TRUE',
    settings: p.values.map((v, i): [string, string] => [settingName(i + 1), settingText(v)]),
  };
}

/** The filter's canonical text with relative times fixed at `now`: what the bundle holds, reproducibly. */
export function resolvedFilterText(filter: AuditFilter, now: Date): string {
  const fixed: AuditFilter = { ...filter };
  if (filter.since?.kind === 'relative') fixed.since = { kind: 'absolute', utc: resolveTime(filter.since, now) };
  if (filter.until?.kind === 'relative') fixed.until = { kind: 'absolute', utc: resolveTime(filter.until, now) };
  return printFilter(fixed);
}

/**
 * The manifest's label of a filter selection: `--filter "<canonical>"`, with relative times as
 * the absolute times they meant at `now` and the filter as given beside it.
 */
export function filterLabel(text: string, now: Date): string {
  const filter = filterOf(text);
  const given = printFilter(filter);
  const resolved = resolvedFilterText(filter, now);
  return resolved === given
    ? `--filter ${JSON.stringify(given)}`
    : `--filter ${JSON.stringify(resolved)} (given as ${JSON.stringify(given)})`;
}
