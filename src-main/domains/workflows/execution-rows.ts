/** The columns of an execution as the console reads them, and the row → DTO mapping. */
import { isoSql } from '../../platform/db/sql/timestamps';
import type { ExecutionDetail, ExecutionDto } from '../../shared/model/workflows';
import { isOneOf, EXECUTION_STATUSES, type ExecutionStatus } from '../../shared/model/vocabulary';

/** FROM clause: the execution and, when it still exists, its user (for the email). */
export const EXECUTION_FROM = 'workflow_executions e LEFT JOIN users u ON u.id = e.user_id';

/*
 * Timestamps as ISO text with microseconds (never through Date); durations as float8 (three
 * decimals stored, exact in a double); a running execution's age by the database's clock, the
 * column being UTC by convention.
 */
export const EXECUTION_COLUMNS = `e.id, e.trace_id, e.user_id, u.email AS user_email, e.workflow_name, e.status,
  ${isoSql('e.started_at')} AS started_at, ${isoSql('e.completed_at')} AS completed_at,
  e.duration_seconds::float8 AS duration_seconds,
  CASE WHEN e.status = 'running'
       THEN greatest(extract(epoch FROM (now() AT TIME ZONE 'UTC') - e.started_at), 0)::float8 END AS running_seconds,
  e.error, e.audit_log_id`;

export interface ExecutionRow {
  id: string;
  trace_id: string;
  user_id: string | null;
  user_email: string | null;
  workflow_name: string;
  status: string;
  started_at: string;
  completed_at: string | null;
  duration_seconds: number | null;
  running_seconds: number | null;
  error: string | null;
  audit_log_id: string | null;
}

function status(value: string): ExecutionStatus {
  // The check constraint allows nothing else; a database without it is still shown, as running.
  return isOneOf(EXECUTION_STATUSES, value) ? value : 'running';
}

export function toExecutionDto(r: ExecutionRow): ExecutionDto {
  return {
    id: r.id,
    traceId: r.trace_id,
    userId: r.user_id,
    userEmail: r.user_email,
    workflowName: r.workflow_name,
    status: status(r.status),
    startedAt: r.started_at,
    completedAt: r.completed_at,
    durationSeconds: r.duration_seconds,
    runningSeconds: r.running_seconds === null ? null : Math.round(r.running_seconds * 1000) / 1000,
    error: r.error,
    auditLogId: r.audit_log_id,
  };
}

export function toExecutionDetail(r: ExecutionRow & { parameters: unknown; result: unknown }): ExecutionDetail {
  return { ...toExecutionDto(r), parameters: r.parameters, result: r.result };
}
