/**
 * The columns of the service's `audit_logs` table, in the order its own script creates them
 * (migrations/20260101T000000-service-baseline.ts; schema/service-schema.ts describes their
 * types). Code that names every column takes the list from here, so a column cannot be
 * forgotten in one place and kept in another.
 */
export const AUDIT_LOG_COLUMNS = [
  'id',
  'trace_id',
  'user_id',
  'actor_name',
  'actor_email',
  'actor_role',
  'drag_mode',
  'workflow_name',
  'parameters',
  'outcome',
  'error',
  'duration_seconds',
  'input_sources',
  'input_constraints',
  'mission_objective',
  'mission_success_criteria',
  'integrity_hash',
  'created_at',
] as const;

export type AuditLogColumn = (typeof AUDIT_LOG_COLUMNS)[number];
