/** Disabling and enabling a user, which suspends and restores the user's usable API keys with it (the service ignores users.is_active). */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { restoreUserKeys, suspendUserKeys } from '../api-keys/suspension';
import { recordEvent } from '../../schema/console-events';
import type { SuspendedKeyRef, UserKeysChange, UserMutationResult } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import { resolveUser } from './user-rows';
import { inTransaction } from '../../platform/db/transaction';
import { execute } from '../../platform/db/sql/query';
import { nowOf, type WriteOptions } from '../../platform/db/sql/options';

export function keysSwitched(keys: UserKeysChange): boolean {
  return keys.suspended.length + keys.restored.length + keys.notRestored.length > 0;
}

export function keyEntry(k: SuspendedKeyRef, withUser: boolean): Record<string, unknown> {
  return { id: k.id, ...(withUser ? { user_id: k.userId } : {}), name: k.name, prefix: k.prefix };
}

/** The keys part of a users.disable / users.enable (or bulk) event: ids and prefixes, never secrets or hashes. */
export function keyEventParts(
  active: boolean,
  keys: UserKeysChange,
  withUser: boolean,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  if (!active) {
    return {
      before: { api_keys: keys.suspended.map((k) => ({ ...keyEntry(k, withUser), is_active: true })) },
      after: { api_keys: keys.suspended.map((k) => ({ ...keyEntry(k, withUser), is_active: false, suspended_with_user: k.suspendedAt })) },
    };
  }
  return {
    before: {
      api_keys: [...keys.restored, ...keys.notRestored].map((k) => ({ ...keyEntry(k, withUser), suspended_with_user: k.suspendedAt })),
    },
    after: {
      api_keys: keys.restored.map((k) => ({ ...keyEntry(k, withUser), is_active: true })),
      api_keys_not_restored: keys.notRestored.map((k) => ({ ...keyEntry(k, withUser), reason: k.reason })),
    },
  };
}

/**
 * Disables (active=false) or re-enables a user, with the user's keys (see above): `keys` says
 * which were suspended, restored, or left off because revoked or expired meanwhile. One event
 * (users.disable / users.enable) with the user's state and those keys before and after.
 */
export async function setUserActive(
  sequelize: Sequelize,
  ref: UserRef,
  active: boolean,
  options: WriteOptions,
): Promise<UserMutationResult> {
  if (typeof active !== 'boolean') throw new AppError('VALIDATION', 'active must be true or false.');
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    const keys = active ? await restoreUserKeys(sequelize, t, [user.id], now) : await suspendUserKeys(sequelize, t, [user.id], now);
    const userChanges = user.isActive !== active;
    if (!userChanges && !keysSwitched(keys)) return { user, changed: false, keys };
    if (userChanges) await execute(sequelize, 'UPDATE users SET is_active = $2 WHERE id = $1', [user.id, active], t);
    const parts = keyEventParts(active, keys, false);
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: active ? 'users.enable' : 'users.disable',
        targetKind: 'user',
        targetId: user.id,
        before: { email: user.email, is_active: user.isActive, ...parts.before },
        after: { email: user.email, is_active: active, ...parts.after },
      },
    );
    return { user: await resolveUser(sequelize, { id: user.id }, { transaction: t }), changed: true, keys };
  });
}

// ---------- deletion ----------
