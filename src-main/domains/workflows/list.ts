/**
 * Workflow executions, newest started first: keyset paging on (started_at, id), the filters by
 * workflow, status, trace and time, one execution, and the current state of running ones.
 */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import {
  EXECUTION_COUNT_CAP,
  type ExecutionDetail,
  type ExecutionFilters,
  type ExecutionListQuery,
  type ExecutionPage,
  type ExecutionUpdates,
} from '../../shared/model/workflows';
import { EXECUTION_STATUSES, isOneOf } from '../../shared/model/vocabulary';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { Params, clampLimit } from '../../platform/db/sql/params';
import { select } from '../../platform/db/sql/query';
import { needsSchema } from './needs-schema';
import { ISO_TS_RE, isoToPg } from '../../platform/db/sql/timestamps';
import { checkUuid } from '../../platform/db/sql/values';
import { distinctValues } from './distinct-values';
import { EXECUTION_COLUMNS, EXECUTION_FROM, toExecutionDetail, toExecutionDto, type ExecutionRow } from './execution-rows';
import { timeRange } from './time-filter';

/** Workflow names offered by the filter at most. */
const MAX_WORKFLOW_NAMES = 1000;

interface CheckedFilters {
  workflow: string | null;
  status: string | null;
  trace: string | null;
  from: string | null;
  to: string | null;
}

function checkFilters(f: ExecutionFilters): CheckedFilters {
  if (f.status != null && !isOneOf(EXECUTION_STATUSES, f.status)) {
    throw new AppError('VALIDATION', `The status filter is one of ${EXECUTION_STATUSES.join(', ')} (got "${String(f.status)}").`);
  }
  return {
    workflow: f.workflow?.trim() || null,
    status: f.status ?? null,
    trace: f.trace ? checkUuid(f.trace, 'The trace id') : null,
    ...timeRange(f),
  };
}

/** WHERE terms; each one a column the service indexes (workflow_name, status, trace_id, started_at). */
function where(p: Params, f: CheckedFilters): string[] {
  const terms: string[] = [];
  if (f.workflow) terms.push(`e.workflow_name = ${p.add(f.workflow)}`);
  if (f.status) terms.push(`e.status = ${p.add(f.status)}`);
  if (f.trace) terms.push(`e.trace_id = ${p.add(f.trace)}::uuid`);
  if (f.from) terms.push(`e.started_at >= ${p.add(f.from)}::timestamp`);
  if (f.to) terms.push(`e.started_at < ${p.add(f.to)}::timestamp`);
  return terms;
}

const clause = (terms: string[]) => (terms.length ? `WHERE ${terms.join(' AND ')}` : '');

/**
 * One page. The service indexes started_at alone (idx_workflow_executions_started_at, DESC), so
 * the cursor's condition is written as `started_at <= v` (a range on that index) plus the row
 * comparison for ties; ties on started_at are ordered by id with an incremental sort.
 */
export async function listExecutions(sequelize: Sequelize, query: ExecutionListQuery = {}): Promise<ExecutionPage> {
  const filters = checkFilters(query);
  const limit = clampLimit(query.limit, LIMITS.pageSize.default, LIMITS.pageSize.max);
  const cursorKey = `executions:${JSON.stringify(filters)}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, ISO_TS_RE) : null;
  const readAt = new Date().toISOString();
  return needsSchema('workflow executions table', async () => {
    const p = new Params();
    const terms = where(p, filters);
    if (cursor) {
      const v = p.add(isoToPg(cursor.v!));
      terms.push(`e.started_at <= ${v}::timestamp AND (e.started_at, e.id) < (${v}::timestamp, ${p.add(cursor.id)}::uuid)`);
    }
    const sql = `SELECT ${EXECUTION_COLUMNS} FROM ${EXECUTION_FROM} ${clause(terms)}
      ORDER BY e.started_at DESC, e.id DESC LIMIT ${p.add(limit + 1)}`;
    const rows = await select<ExecutionRow>(sequelize, sql, p.values);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    let total: number | null = null;
    let totalAtLeast = false;
    if (!cursor) {
      const c = new Params();
      const countTerms = where(c, filters);
      const [counted] = await select<{ n: number }>(
        sequelize,
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM workflow_executions e ${clause(countTerms)} LIMIT ${c.add(EXECUTION_COUNT_CAP + 1)}) x`,
        c.values,
      );
      totalAtLeast = counted!.n > EXECUTION_COUNT_CAP;
      total = Math.min(counted!.n, EXECUTION_COUNT_CAP);
    }
    return {
      rows: page.map(toExecutionDto),
      total,
      totalAtLeast,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.started_at, id: last.id }) : null,
      readAt,
    };
  });
}

export async function getExecution(sequelize: Sequelize, id: string): Promise<ExecutionDetail> {
  const executionId = checkUuid(id, 'An execution id');
  const sql = `SELECT ${EXECUTION_COLUMNS}, e.parameters, e.result FROM ${EXECUTION_FROM} WHERE e.id = $1::uuid`;
  const [row] = await needsSchema('workflow executions table', () =>
    select<ExecutionRow & { parameters: unknown; result: unknown }>(sequelize, sql, [executionId]),
  );
  if (!row) throw new AppError('NOT_FOUND', `No workflow execution ${executionId}: it may have been deleted. Reload the list.`);
  return toExecutionDetail(row);
}

/** These executions as they are now (ids no longer there are left out). */
export async function executionUpdates(sequelize: Sequelize, ids: readonly string[]): Promise<ExecutionUpdates> {
  if (ids.length > LIMITS.pageSize.max) throw new AppError('VALIDATION', `At most ${LIMITS.pageSize.max} executions at once.`);
  const checked = ids.map((id) => checkUuid(id, 'An execution id'));
  const readAt = new Date().toISOString();
  const sql = `SELECT ${EXECUTION_COLUMNS} FROM ${EXECUTION_FROM} WHERE e.id = ANY ($1::uuid[])`;
  const rows = await needsSchema('workflow executions table', () => select<ExecutionRow>(sequelize, sql, [checked]));
  return { rows: rows.map(toExecutionDto), readAt };
}

/** Workflow names that have executions, in order (a loose scan of idx_workflow_executions_workflow_name). */
export function executionWorkflows(sequelize: Sequelize): Promise<string[]> {
  return needsSchema('workflow executions table', () =>
    distinctValues(sequelize, 'workflow_executions', 'workflow_name', MAX_WORKFLOW_NAMES),
  );
}
