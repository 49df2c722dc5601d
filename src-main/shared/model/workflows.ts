/**
 * Workflow executions (table workflow_executions, docs/formats.md) as the window sees them.
 * Timestamps are ISO 8601 UTC with microseconds (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), never Dates.
 */
import type { Page } from './page';
import type { TimeRange } from './time-range';
import type { ExecutionStatus } from './vocabulary';

/** The first page counts matching executions up to this many. */
export const EXECUTION_COUNT_CAP = 100_000;

export interface ExecutionDto {
  id: string;
  traceId: string;
  userId: string | null;
  /** The user's email when the row names a user that still exists. */
  userEmail: string | null;
  workflowName: string;
  status: ExecutionStatus;
  startedAt: string;
  completedAt: string | null;
  /** duration_seconds as stored (three decimals); null while running or when not recorded. */
  durationSeconds: number | null;
  /** For a running execution: seconds since it started, by the database's clock when read. */
  runningSeconds: number | null;
  error: string | null;
  /** The audit entry of this execution (audit_logs.id), when linked. */
  auditLogId: string | null;
}

/** One execution with its parameters and result (JSON as stored). */
export interface ExecutionDetail extends ExecutionDto {
  parameters: unknown;
  result: unknown;
}

export interface ExecutionFilters extends TimeRange {
  workflow?: string | null;
  status?: ExecutionStatus | null;
  /** The trace id shared with the audit entry (audit_logs.trace_id). */
  trace?: string | null;
}

export interface ExecutionListQuery extends ExecutionFilters {
  limit?: number;
  cursor?: string | null;
}

/** Newest started first, keyset-paged on (started_at, id). */
export interface ExecutionPage extends Page<ExecutionDto> {
  /**
   * On the first page `total` is counted up to a cap (EXECUTION_COUNT_CAP), so that counting never
   * costs more than reading that many index entries; true when there are more than `total`.
   */
  totalAtLeast: boolean;
  /** When the database answered (its clock, UTC). */
  readAt: string;
}

/** The current state of executions the window shows as running (live updates). */
export interface ExecutionUpdates {
  rows: ExecutionDto[];
  readAt: string;
}
