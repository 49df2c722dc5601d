/** Bulk actions on users: all-or-nothing, in one transaction, with one console event. */
import type { Sequelize, Transaction } from 'sequelize';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { restoreUserKeys, suspendUserKeys } from '../api-keys/suspension';
import { recordEvent } from '../../schema/console-events';
import type { BulkUserAction, BulkUserResult } from '../../shared/model/users';
import { checkRole } from './user-rows';
import { checkUuid } from '../../platform/db/sql/values';
import { inTransaction } from '../../platform/db/transaction';
import { execute, select } from '../../platform/db/sql/query';
import { nowOf, type WriteOptions } from '../../platform/db/sql/options';
import { keyEventParts } from './activation';

export const MAX_BULK = LIMITS.bulkUsers;

export function distinctIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new AppError('VALIDATION', 'Select at least one user.');
  if (ids.length > MAX_BULK) throw new AppError('VALIDATION', `At most ${MAX_BULK.toLocaleString('en')} users at a time.`);
  return [...new Set(ids.map((id) => checkUuid(id, 'Every user id')))];
}

export const LOCK_USERS = `SELECT id, email, role, is_active FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

export interface BulkRow {
  id: string;
  email: string;
  role: string;
  is_active: boolean | null;
}

export async function applyBulk(
  sequelize: Sequelize,
  t: Transaction,
  ids: string[],
  action: BulkUserAction,
  options: WriteOptions,
  why: Record<string, unknown> = {},
): Promise<BulkUserResult> {
  const rows = await select<BulkRow>(sequelize, LOCK_USERS, [ids], t);
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    throw new AppError(
      'NOT_FOUND',
      `${missing.length} of the selected users do not exist (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): nothing was changed.`,
    );
  }
  const role = action.action === 'set-role' ? checkRole(action.role) : undefined;
  const target = action.action === 'disable' ? false : action.action === 'enable' ? true : null;
  // Disable/enable switch the users' keys with them (see setUserActive), all users selected:
  // one already disabled whose keys still work has them suspended now.
  const now = nowOf(options);
  const keys =
    target === null ? undefined : target ? await restoreUserKeys(sequelize, t, ids, now) : await suspendUserKeys(sequelize, t, ids, now);
  const keyUsers = new Set(keys ? [...keys.suspended, ...keys.restored, ...keys.notRestored].map((k) => k.userId) : []);
  const changing = rows.filter((r) => (role ? r.role !== role : (r.is_active === true) !== target || keyUsers.has(r.id)));
  const changedIds = changing.map((r) => r.id);
  if (changing.length) {
    const flipping = changing.filter((r) => (r.is_active === true) !== target).map((r) => r.id);
    if (role) await execute(sequelize, 'UPDATE users SET role = $2 WHERE id = ANY($1::uuid[])', [changedIds, role], t);
    else if (flipping.length) await execute(sequelize, 'UPDATE users SET is_active = $2 WHERE id = ANY($1::uuid[])', [flipping, target], t);
    const parts = keys && target !== null ? keyEventParts(target, keys, true) : { before: {}, after: {} };
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: `users.bulk_${action.action.replace('-', '_')}`,
        targetKind: 'user',
        targetId: null,
        before: {
          users: changing.map((r) =>
            role ? { id: r.id, email: r.email, role: r.role } : { id: r.id, email: r.email, is_active: r.is_active === true },
          ),
          ...parts.before,
        },
        after: { ...(role ? { role } : { is_active: target }), count: changing.length, ...why, ...parts.after },
      },
    );
  }
  return {
    action: action.action,
    ...(role ? { role } : {}),
    requested: ids.length,
    changedIds,
    unchanged: ids.length - changing.length,
    ...(keys ? { keys } : {}),
  };
}

/**
 * Disable, enable or change the role of a selection of users in one transaction: all or
 * nothing. A malformed id is VALIDATION, a missing one NOT_FOUND, and nothing changes then.
 * Users already in the requested state are left alone (except that disable/enable still
 * suspend/restore their keys, see setUserActive). One console event
 * (`users.bulk_disable|bulk_enable|bulk_set_role`) lists every changed user with its value
 * before, and for disable/enable the keys switched with them (`api_keys`, and for enable
 * `api_keys_not_restored`).
 */
export async function bulkUpdateUsers(
  sequelize: Sequelize,
  userIds: readonly string[],
  action: BulkUserAction,
  options: WriteOptions,
): Promise<BulkUserResult> {
  const ids = distinctIds(userIds);
  if (!action || !['disable', 'enable', 'set-role'].includes(action.action))
    throw new AppError('VALIDATION', 'The bulk action is disable, enable or set-role.');
  if (action.action === 'set-role') checkRole(action.role);
  return inTransaction(sequelize, (t) => applyBulk(sequelize, t, ids, action, options));
}
