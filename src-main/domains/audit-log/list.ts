/** One page of the audit log: filter, order, cursor or time to jump to; the count estimate beside it. */
import type { Sequelize, Transaction } from 'sequelize';
import { AppError } from '../../shared/errors';
import { FilterSyntaxError, parseFilter, printFilter, parseTime, type AuditFilter } from '../../shared/model/audit-filter';
import type { AuditCountDto, AuditOrder, AuditPage, AuditRowDto } from '../../shared/model/audit-log';
import type { DragMode, Outcome } from '../../shared/model/vocabulary';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { execute, select } from '../../platform/db/sql/query';
import { ISO_TS_RE, isoToPg } from '../../platform/db/sql/timestamps';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';
import { estimateCount, exactCount } from './count';
import { PAGE_SESSION_SETTINGS, segmentQuery, segmentsFrom, type Position } from './page-query';
import type { QueryRegistry } from './tracked-query';
import { lastRun, rowStatuses } from './verification-results';

export const AUDIT_PAGE_LIMIT = { default: 100, max: 1000 } as const;

export interface AuditListQuery {
  filter?: string;
  order?: AuditOrder;
  /** From a page's `before` or `after`. */
  cursor?: string | null;
  /** forward: the rows after the cursor in the display order; backward: the rows before it. */
  direction?: 'forward' | 'backward';
  /** Jump: start at this time (same forms as since:), the rows at or beyond it in the display order. */
  at?: string | null;
  limit?: number;
  count?: 'none' | 'estimate' | 'exact';
  /** Names the query for audit/cancel. */
  queryId?: string | null;
}

interface Row {
  id: string;
  trace_id: string;
  user_id: string | null;
  actor_name: string;
  actor_email: string | null;
  actor_role: string | null;
  drag_mode: string;
  workflow_name: string;
  outcome: string;
  error: string | null;
  duration_seconds: string | null;
  mission_objective: string | null;
  created_at: string | null;
}

export function toRowDto(r: Row): AuditRowDto {
  return {
    id: r.id,
    traceId: r.trace_id,
    userId: r.user_id,
    actorName: r.actor_name,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    dragMode: r.drag_mode as DragMode,
    workflowName: r.workflow_name,
    outcome: r.outcome as Outcome,
    error: r.error,
    durationSeconds: r.duration_seconds,
    missionObjective: r.mission_objective,
    createdAt: r.created_at,
    status: 'not-verified',
  };
}

/** The filter string parsed, or VALIDATION with the grammar's message. */
export function filterOf(text: string | undefined): AuditFilter {
  try {
    return parseFilter(text ?? '');
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new AppError('VALIDATION', `The filter is not valid: ${e.message}`);
    throw e;
  }
}

const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const MIN_UUID = '00000000-0000-0000-0000-000000000000';

/** Up to `limit` rows along K (`asc`) or against it, from `from` (exclusive). */
export async function scan(
  sequelize: Sequelize,
  t: Transaction | null,
  filter: AuditFilter,
  now: Date,
  from: Position | null,
  asc: boolean,
  limit: number,
  columns?: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const segment of segmentsFrom(from, asc)) {
    if (rows.length >= limit) break;
    const q = segmentQuery(filter, now, segment, from, asc, limit - rows.length, columns);
    rows.push(...(await select<Row>(sequelize, q.sql, q.values, t)));
  }
  return rows;
}

const positionOf = (r: { created_at: string | null; id: string }): Position => ({
  createdAt: r.created_at === null ? null : isoToPg(r.created_at),
  id: r.id,
});

export async function listAuditPage(
  sequelize: Sequelize,
  registry: QueryRegistry,
  query: AuditListQuery,
  options: ReadOptions = {},
): Promise<AuditPage> {
  const now = nowOf(options);
  const filter = filterOf(query.filter);
  const canonical = printFilter(filter);
  const order = query.order ?? 'newest';
  const direction = query.direction ?? 'forward';
  const limit = query.limit ?? AUDIT_PAGE_LIMIT.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_LIMIT.max)
    throw new AppError('VALIDATION', `The page size must be a whole number from 1 to ${AUDIT_PAGE_LIMIT.max}.`);
  const cursorKey = `audit:${canonical}`;
  let from: Position | null = null;
  if (query.cursor) {
    const c = decodeCursor(query.cursor, cursorKey, ISO_TS_RE);
    from = { createdAt: c.v === null ? null : isoToPg(c.v), id: c.id };
  } else if (query.at) {
    const spec = parseTime(query.at);
    if (!spec) throw new AppError('VALIDATION', `"${query.at}" is not a time to jump to: write 2026-01-31T14:00Z or 7d.`);
    const at = spec.kind === 'absolute' ? spec.utc : filterTimeNow(now, spec.seconds);
    // Just beyond every row of that microsecond on the side we come from: the page starts at it.
    from = { createdAt: at, id: (order === 'newest') === (direction === 'forward') ? MAX_UUID : MIN_UUID };
  }
  // Along K when the display order is oldest-first and we go forward, or newest-first backward.
  const asc = (order === 'oldest') === (direction === 'forward');

  return registry.run(sequelize, query.queryId, async (t) => {
    for (const setting of PAGE_SESSION_SETTINGS) await execute(sequelize, setting, [], t); // once for both scans below
    const started = performance.now();
    const fetched = await scan(sequelize, t, filter, now, from, asc, limit + 1);
    const queryMs = performance.now() - started;
    const more = fetched.length > limit;
    const scanned = fetched.slice(0, limit);
    // The other side: none when we started at an end, some when we came from a row; a jump asks.
    let behind: boolean;
    if (query.cursor) behind = true;
    else if (!query.at) behind = false;
    else behind = (await scan(sequelize, t, filter, now, scanned[0] ? positionOf(scanned[0]) : from, !asc, 1, 'a.id')).length > 0;
    const display = direction === 'forward' ? scanned : [...scanned].reverse();
    const hasAfter = direction === 'forward' ? more : behind;
    const hasBefore = direction === 'forward' ? behind : more;

    const run = await lastRun(sequelize, t);
    const dtos = display.map(toRowDto);
    const statuses = await rowStatuses(sequelize, run, dtos, t);
    for (const d of dtos) d.status = statuses.get(d.id) ?? 'not-verified';

    let count: AuditCountDto | null = null;
    if (query.count === 'exact') count = { value: await exactCount(sequelize, t, filter, now), exact: true };
    else if (query.count !== 'none') count = { value: await estimateCount(sequelize, t, filter, now), exact: false };

    const fromIso = from && from.createdAt !== null ? `${from.createdAt.replace(' ', 'T')}Z` : null;
    const edge = (d: AuditRowDto | undefined) =>
      d ? encodeCursor({ k: cursorKey, v: d.createdAt, id: d.id }) : from ? encodeCursor({ k: cursorKey, v: fromIso, id: from.id }) : null;
    return {
      rows: dtos,
      before: hasBefore ? edge(dtos[0]) : null,
      after: hasAfter ? edge(dtos[dtos.length - 1]) : null,
      hasBefore,
      hasAfter,
      count,
      filter: canonical,
      queryMs: Math.round(queryMs * 10) / 10,
      verification: run
        ? {
            id: run.id,
            method: run.method,
            finishedAt: run.finishedAt,
            total: run.total,
            ok: run.ok,
            tampered: run.tampered,
            unverifiable: run.unverifiable,
          }
        : null,
    };
  });
}

function filterTimeNow(now: Date, seconds: number): string {
  const d = new Date(now.getTime() - seconds * 1000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)}000`;
}
