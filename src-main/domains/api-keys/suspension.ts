/** Keys follow their user: the service ignores users.is_active, so disabling a user suspends the user's usable keys (marked metadata.suspended_with_user) and enabling restores exactly those. */
import type { Sequelize, Transaction } from 'sequelize';
import type { SuspendedKeyRef, UserKeysChange } from '../../shared/model/users';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { select } from '../../platform/db/sql/query';

/** The metadata key that marks a key suspended because its user was disabled (value: ISO time). */
export const SUSPENDED_WITH_USER = 'suspended_with_user';

export interface SwitchedKeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string | null;
  since: string | null;
  not_restored: 'revoked' | 'expired' | null;
}

export const SUSPEND_KEYS = `
  UPDATE api_keys k
     SET is_active = false,
         metadata = coalesce(k.metadata, '{}'::jsonb) || jsonb_build_object('${SUSPENDED_WITH_USER}', $2::text)
   WHERE k.user_id = ANY($1::uuid[])
     AND k.is_active IS TRUE AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $3::timestamp)
  RETURNING k.id, k.user_id, k.name, k.metadata->>'prefix' AS prefix, $2::text AS since, NULL::text AS not_restored`;

// The self-join keeps the mark's value (when the key was suspended) for the result.
export const RESTORE_KEYS = `
  UPDATE api_keys k
     SET is_active = CASE WHEN k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2::timestamp) THEN true ELSE k.is_active END,
         metadata = k.metadata - '${SUSPENDED_WITH_USER}'
    FROM (SELECT id, metadata->>'${SUSPENDED_WITH_USER}' AS since FROM api_keys
           WHERE user_id = ANY($1::uuid[]) AND metadata->>'${SUSPENDED_WITH_USER}' IS NOT NULL) o
   WHERE k.id = o.id AND k.metadata->>'${SUSPENDED_WITH_USER}' IS NOT NULL
  RETURNING k.id, k.user_id, k.name, k.metadata->>'prefix' AS prefix, o.since,
            CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN k.expires_at IS NOT NULL AND k.expires_at <= $2::timestamp THEN 'expired' END AS not_restored`;

export function keyRef(r: SwitchedKeyRow): SuspendedKeyRef {
  return { id: r.id, userId: r.user_id, name: r.name, prefix: r.prefix, suspendedAt: r.since };
}

export function byUserThenId(a: SwitchedKeyRow, b: SwitchedKeyRow): number {
  return a.user_id === b.user_id ? (a.id < b.id ? -1 : 1) : a.user_id < b.user_id ? -1 : 1;
}

/** Nothing switched. */
export function noKeyChange(): UserKeysChange {
  return { suspended: [], restored: [], notRestored: [] };
}

/**
 * Suspends, in the caller's transaction, every key of these users that the service would
 * accept at `now` (is_active, not revoked, not expired): is_active = false and
 * metadata.suspended_with_user = now (ISO). Keys already off, revoked or expired are left
 * as they are. The caller holds the users' row locks and records the event.
 */
export async function suspendUserKeys(
  sequelize: Sequelize,
  t: Transaction,
  userIds: readonly string[],
  now: Date,
): Promise<UserKeysChange> {
  if (!userIds.length) return noKeyChange();
  const rows = await select<SwitchedKeyRow>(sequelize, SUSPEND_KEYS, [userIds, now.toISOString(), pgTimestamp(now)], t);
  return { ...noKeyChange(), suspended: rows.sort(byUserThenId).map(keyRef) };
}

/**
 * Restores, in the caller's transaction, the keys of these users that were suspended with
 * them (metadata.suspended_with_user): is_active = true and the mark removed — unless the key
 * was revoked or has expired at `now`: then it stays off (only the mark goes) and is listed
 * in notRestored with the reason.
 */
export async function restoreUserKeys(
  sequelize: Sequelize,
  t: Transaction,
  userIds: readonly string[],
  now: Date,
): Promise<UserKeysChange> {
  if (!userIds.length) return noKeyChange();
  const rows = (await select<SwitchedKeyRow>(sequelize, RESTORE_KEYS, [userIds, pgTimestamp(now)], t)).sort(byUserThenId);
  return {
    suspended: [],
    restored: rows.filter((r) => r.not_restored === null).map(keyRef),
    notRestored: rows.filter((r) => r.not_restored !== null).map((r) => ({ ...keyRef(r), reason: r.not_restored! })),
  };
}
