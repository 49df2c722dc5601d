/**
 * Plain data returned by the API-key service (api-keys.ts). Same rules as shared/users.ts:
 * plain JSON, ISO 8601 UTC timestamps with microseconds (`…Z`) or null, and never a key's
 * secret — except `secret` in ApiKeyCreated/ApiKeyRotated, the one-time display.
 */
import type { Page } from './page';
import type { UserRef } from './refs';
import type { ApiKeyScope, ApiKeyStatus } from './vocabulary';

/**
 * A key's status at a given instant `now` (first rule that applies):
 * - `revoked`: revoked_at is set;
 * - `disabled`: not revoked, but the key's is_active is not true, or its user's is_active is
 *   not true (user disabled);
 * - `expired`: expires_at is set and expires_at <= now;
 * - `expiring`: expires_at is set and expires_at <= now + 14 days;
 * - `active`: otherwise (including expires_at NULL: never expires).
 * The service accepts a key when is_active is true, revoked_at is NULL and expires_at is NULL
 * or later than now (`serviceAccepts`); the console also treats a disabled user's keys as
 * unusable (`disabled`).
 *
 * The service never looks at users.is_active, so disabling a user through the console also
 * suspends the user's usable keys (is_active = false, metadata.suspended_with_user = when),
 * and re-enabling the user restores exactly those (unless revoked or expired meanwhile). A
 * suspended key is `disabled` with `disabledBy: 'user'`.
 */
export const EXPIRING_WITHIN_DAYS = 14;

export interface ApiKeyDto {
  id: string;
  userId: string;
  userEmail: string;
  userName: string;
  userActive: boolean;
  name: string;
  /** metadata.prefix: the key's first 12 characters; null for keys the console did not create. */
  prefix: string | null;
  /** metadata.format: 'aiwf-v1' for console keys; null otherwise. */
  format: string | null;
  scopes: string[];
  status: ApiKeyStatus;
  /**
   * Why `disabled`: the key itself (is_active false on its own: re-enabling the user does not
   * bring it back), or its user (the key was suspended with its user, or the key is active but
   * its user is not). Null for other statuses.
   */
  disabledBy: 'key' | 'user' | null;
  /**
   * metadata.suspended_with_user: when the key was suspended because its user was disabled
   * (ISO 8601 as the console wrote it); null when it was not. Re-enabling the user restores it.
   */
  suspendedWithUser: string | null;
  /** What the service's own rule says right now (is_active, revoked_at, expires_at). */
  serviceAccepts: boolean;
  isActive: boolean;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Rotation links kept in metadata. */
  rotatedFrom: string | null;
  rotatedTo: string | null;
}

export interface ApiKeyListQuery {
  /** Only this user's keys; omit for keys across users. */
  user?: UserRef | null;
  status?: ApiKeyStatus | null;
  /** Substring of the key's name, prefix, or user's email (case-insensitive). */
  search?: string | null;
  /** Rows per page, 1 to 500, default 50. Ordered by created_at, newest first. */
  limit?: number;
  cursor?: string | null;
  includeTotal?: boolean;
}

export type ApiKeyPage = Page<ApiKeyDto>;

/** Expiry of a new key: default 90 days; `never` only when asked for explicitly. */
export type ApiKeyExpiry = { days: number } | { never: true };

export interface ApiKeyCreateInput {
  user: UserRef;
  name: string;
  /** A non-empty subset of read, write, admin, governance, workflows. Default ['read']. */
  scopes?: ApiKeyScope[];
  expiry?: ApiKeyExpiry;
}

export interface ApiKeyCreated {
  key: ApiKeyDto;
  /** The key itself: shown once, stored nowhere. */
  secret: string;
}

export interface ApiKeyRotateInput {
  /** How long the old key keeps working, in hours (0 to 8760, default 24). */
  overlapHours?: number;
  /** The replacement's expiry (default 90 days). */
  expiry?: ApiKeyExpiry;
}

export interface ApiKeyRotated {
  old: ApiKeyDto;
  created: ApiKeyCreated;
}

export interface ApiKeyRevokeResult {
  key: ApiKeyDto;
  /** False when it was revoked already (nothing recorded then). */
  changed: boolean;
}

export type ApiKeyCheckReason = 'bad-checksum' | 'unknown' | 'inactive' | 'revoked' | 'expired' | 'user-disabled';

/**
 * The verdict for a presented key. Reasons, first that applies:
 * `bad-checksum` (starts with aiwf_ but is not a well-formed aiwf_ key: decided without a
 * database look-up), `unknown` (no key has this hash), `revoked` (revoked_at set), `inactive`
 * (is_active not true), `expired` (expires_at <= now), `user-disabled` (the user's is_active
 * not true). A key suspended with its user (is_active false, metadata.suspended_with_user set)
 * says `user-disabled` instead of `inactive`, as its status says `disabled` by `user`.
 * reason is null when valid.
 */
export interface ApiKeyCheckResult {
  valid: boolean;
  reason: ApiKeyCheckReason | null;
  /** The key's record when one was found (never the secret, never the hash). */
  key: ApiKeyDto | null;
  userEmail: string | null;
  scopes: string[];
}
