/**
 * The value lists the service's schema allows (its check constraints), and the console's own
 * derived statuses: one home, imported by the schema description, the contract's input
 * schemas, the services and the renderer alike. See docs/formats.md for the columns.
 */

/** users.role (users_role_check). */
export const USER_ROLES = ['user', 'admin', 'sre', 'developer', 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** api_keys.scopes ⊆ these (api_keys_scopes_check). */
export const API_KEY_SCOPES = ['read', 'write', 'admin', 'governance', 'workflows'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A key's status as the console derives it (see model/api-keys.ts for the rules). */
export const API_KEY_STATUSES = ['active', 'expiring', 'expired', 'revoked', 'disabled'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

/** audit_logs.drag_mode (audit_logs_drag_mode_check). */
export const DRAG_MODES = ['draft', 'research', 'grunt', 'execute'] as const;
export type DragMode = (typeof DRAG_MODES)[number];

/** audit_logs.outcome (audit_logs_outcome_check). */
export const OUTCOMES = ['success', 'failure', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** workflow_executions.status (workflow_executions_status_check). */
export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** True when `value` is one of `list` (narrows the type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
