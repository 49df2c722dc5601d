/**
 * Plain data returned by the users and API-key services (users.ts, api-keys.ts): no classes,
 * no Dates, nothing from Node or Sequelize — safe to cross the IPC bridge and to import as
 * types in the renderer.
 *
 * Timestamps are ISO 8601 strings in UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`
 * (the database's TIMESTAMP columns hold UTC by convention), or null.
 */
import type { ApiKeyDto } from './api-keys';
import type { Page, SortDirection } from './page';
import type { UserRole } from './vocabulary';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: string;
  /** users.is_active; a NULL in the database counts as false (the service's `is_active = true` test). */
  isActive: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  lastLoginAt: string | null;
  metadata: Record<string, unknown>;
  /** Every key of the user, whatever its status. */
  keyCount: number;
  /** Latest api_keys.last_used_at over the user's keys. */
  lastKeyUsedAt: string | null;
}

export const USER_SORT_KEYS = ['created_at', 'last_login_at', 'email'] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

export interface UserListQuery {
  /** Substring of the email or the name, case-insensitive (% and _ are literal). */
  search?: string | null;
  role?: UserRole | null;
  /** true: active users only; false: disabled only; null/undefined: both. */
  active?: boolean | null;
  /** Default created_at. NULLs (never logged in) sort last in both directions. */
  sort?: UserSortKey;
  /** Default desc. */
  direction?: SortDirection;
  /** Rows per page, 1 to 500, default 50. */
  limit?: number;
  /** nextCursor of the previous page; null/undefined for the first page. */
  cursor?: string | null;
  /** Count the rows matching the filters (default true). */
  includeTotal?: boolean;
}

export interface UserCreateInput {
  email: string;
  name: string;
  /** Default 'user'. */
  role?: UserRole;
  metadata?: Record<string, unknown>;
  /** Default true. */
  isActive?: boolean;
}

export interface UserUpdateInput {
  name?: string;
  role?: UserRole;
  /** Replaces the whole metadata object. */
  metadata?: Record<string, unknown>;
}

/** A key named in a disable/enable result: never its secret nor its hash. */
export interface SuspendedKeyRef {
  id: string;
  userId: string;
  name: string;
  /** metadata.prefix; null for keys the console did not create. */
  prefix: string | null;
  /** When the key was suspended with its user (metadata.suspended_with_user, ISO 8601). */
  suspendedAt: string | null;
}

/**
 * What disabling or enabling did to the users' API keys (the service does not look at
 * users.is_active, so the console switches the keys with their user):
 * - disable: every usable key (is_active, not revoked, not expired) is set is_active = false
 *   and marked metadata.suspended_with_user = when;
 * - enable: every key so marked is restored (is_active = true, mark removed), unless it was
 *   revoked or has expired meanwhile: then it stays off and only the mark is removed.
 * Keys switched off on their own (is_active false without the mark) are never touched.
 */
export interface UserKeysChange {
  /** Keys suspended with their user (disable). */
  suspended: SuspendedKeyRef[];
  /** Keys restored with their user (enable). */
  restored: SuspendedKeyRef[];
  /** Keys suspended with their user that stay off (enable): revoked or expired meanwhile. */
  notRestored: (SuspendedKeyRef & { reason: 'revoked' | 'expired' })[];
}

export interface UserMutationResult {
  user: UserDto;
  /**
   * False when the user already was in the requested state and no key needed switching (no
   * event is recorded then).
   */
  changed: boolean;
  /** What disable/enable did to the user's keys (setUserActive only). */
  keys?: UserKeysChange;
}

export interface UserActivitySummary {
  /** From v_user_activity. */
  totalWorkflows: number;
  successfulWorkflows: number;
  failedWorkflows: number;
  lastActivity: string | null;
}

export interface AuditActivityDto {
  id: string;
  traceId: string;
  createdAt: string | null;
  workflowName: string;
  dragMode: string;
  outcome: string;
  durationSeconds: number | null;
  hasError: boolean;
}

export interface UserDetail {
  user: UserDto;
  /** Keys that would pass the service's check right now (status active or expiring). */
  usableKeyCount: number;
  keys: ApiKeyDto[];
  activity: UserActivitySummary;
  /** The user's latest audit entries, newest first. */
  recentAudit: AuditActivityDto[];
  /** The latest console events about this user (changes made through the console). */
  recentEvents: {
    occurredAt: string;
    operatorName: string;
    action: string;
    before: unknown;
    after: unknown;
    /** Who the server authenticated (session_user), its client address and the console's version; null when not recorded. */
    sessionRole: string | null;
    clientAddr: string | null;
    consoleVersion: string | null;
  }[];
}

export interface DeleteUserPreview {
  user: UserDto;
  /** Keys deleted with the user (ON DELETE CASCADE), whatever their status. */
  keyCount: number;
  /** Of those, how many are usable right now. */
  usableKeyCount: number;
  /** audit_logs rows whose user_id is this user: any makes the delete impossible. */
  auditRefs: number;
  /** workflow_executions rows whose user_id would be set to NULL. */
  workflowExecutionRefs: number;
  canDelete: boolean;
  /** Why not, when canDelete is false. */
  blockedReason: string | null;
  /** A sentence for the confirmation dialog. */
  confirmation: string;
}

export interface DeleteUserResult {
  deleted: UserDto;
  keysDeleted: number;
}

export interface DormantQuery {
  /** No login and no key use for this many days (default 90, 1 to 36500). */
  days?: number;
  /** Rows per page, 1 to 10,000, default 500. */
  limit?: number;
  cursor?: string | null;
}

export interface DormantUserDto extends UserDto {
  /** greatest(last login, last key use); null when never seen. */
  lastSeenAt: string | null;
}

export interface DormantReport extends Page<DormantUserDto> {
  days: number;
  /** now − days: users not seen since (and created before) this instant. */
  cutoff: string;
}

export type BulkUserAction = { action: 'disable' } | { action: 'enable' } | { action: 'set-role'; role: UserRole };

export interface BulkUserResult {
  action: BulkUserAction['action'];
  role?: UserRole;
  /** Distinct ids asked for. */
  requested: number;
  /**
   * Ids actually changed (the others already were in the requested state). For disable and
   * enable, a user already in that state whose keys still needed suspending or restoring
   * counts as changed.
   */
  changedIds: string[];
  unchanged: number;
  /** What disable/enable did to the users' keys (not for set-role). */
  keys?: UserKeysChange;
}
