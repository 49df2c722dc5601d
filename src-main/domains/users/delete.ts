/** Deleting a user, guarded: refused while audit entries refer to the user, confirmed against the key count shown. */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { recordEvent } from '../../schema/console-events';
import type { DeleteUserPreview, DeleteUserResult, UserDto } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import { resolveUser, userSnapshot } from './user-rows';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { inTransaction } from '../../platform/db/transaction';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions, type WriteOptions } from '../../platform/db/sql/options';

export const DELETE_FACTS = `
  SELECT (SELECT count(*)::int FROM api_keys k WHERE k.user_id = $1) AS key_count,
         (SELECT count(*)::int FROM api_keys k WHERE k.user_id = $1 AND k.is_active IS TRUE AND k.revoked_at IS NULL
             AND (k.expires_at IS NULL OR k.expires_at > $2::timestamp)) AS usable_key_count,
         (SELECT count(*)::int FROM audit_logs a WHERE a.user_id = $1) AS audit_refs,
         (SELECT count(*)::int FROM workflow_executions w WHERE w.user_id = $1) AS execution_refs`;

export interface DeleteFacts {
  key_count: number;
  usable_key_count: number;
  audit_refs: number;
  execution_refs: number;
}

export function preview(user: UserDto, f: DeleteFacts): DeleteUserPreview {
  const keys = `${f.key_count} API key${f.key_count === 1 ? '' : 's'}`;
  const blockedReason = f.audit_refs
    ? `${f.audit_refs} audit entr${f.audit_refs === 1 ? 'y refers' : 'ies refer'} to ${user.email}: deleting the user would rewrite their user_id. Disable the user instead.`
    : null;
  return {
    user,
    keyCount: f.key_count,
    usableKeyCount: f.usable_key_count,
    auditRefs: f.audit_refs,
    workflowExecutionRefs: f.execution_refs,
    canDelete: !f.audit_refs,
    blockedReason,
    confirmation: blockedReason
      ? `${user.email} cannot be deleted: ${blockedReason}`
      : `Delete ${user.email} (${user.name}) and ${f.key_count ? `its ${keys} (${f.usable_key_count} usable)` : 'no API keys'}${f.execution_refs ? `; ${f.execution_refs} workflow execution(s) lose their user` : ''}? This cannot be undone.`,
  };
}

/** What deleting the user would take with it, and whether it is allowed. Changes nothing. */
export async function deleteUserPreview(sequelize: Sequelize, ref: UserRef, options: ReadOptions = {}): Promise<DeleteUserPreview> {
  const now = nowOf(options);
  return mapped(async () => {
    const user = await resolveUser(sequelize, ref);
    const [facts] = await select<DeleteFacts>(sequelize, DELETE_FACTS, [user.id, pgTimestamp(now)]);
    return preview(user, facts!);
  });
}

/**
 * Deletes a user no audit entry refers to (CONFLICT otherwise), with its keys (ON DELETE
 * CASCADE). `confirmKeyCount` is the key count the person confirmed (from deleteUserPreview):
 * if keys were added or removed since, CONFLICT and nothing is deleted.
 */
export async function deleteUser(
  sequelize: Sequelize,
  ref: UserRef,
  options: WriteOptions & { confirmKeyCount: number },
): Promise<DeleteUserResult> {
  if (!Number.isInteger(options.confirmKeyCount) || options.confirmKeyCount < 0) {
    throw new AppError('VALIDATION', 'Deleting a user needs the confirmed number of keys that go with it (from the preview).');
  }
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    // Locking the row also holds off new audit entries for it (their foreign key check waits).
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    const [facts] = await select<DeleteFacts>(sequelize, DELETE_FACTS, [user.id, pgTimestamp(now)], t);
    const p = preview(user, facts!);
    if (!p.canDelete) throw new AppError('CONFLICT', p.blockedReason!);
    if (p.keyCount !== options.confirmKeyCount) {
      throw new AppError(
        'CONFLICT',
        `${user.email} has ${p.keyCount} API key(s) now, not the ${options.confirmKeyCount} confirmed: look again before deleting.`,
      );
    }
    const keys = await select<{ id: string; name: string; prefix: string | null }>(
      sequelize,
      "SELECT id, name, metadata->>'prefix' AS prefix FROM api_keys WHERE user_id = $1 ORDER BY created_at, id",
      [user.id],
      t,
    );
    await execute(sequelize, 'DELETE FROM users WHERE id = $1', [user.id], t);
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: 'users.delete',
        targetKind: 'user',
        targetId: user.id,
        before: { ...userSnapshot(user), api_keys: keys },
        after: null,
      },
    );
    return { deleted: user, keysDeleted: keys.length };
  });
}

// ---------- detail ----------
