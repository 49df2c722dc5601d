/** Creating and editing users, each change recorded in console_events in the same transaction. */
import type { Sequelize, Transaction } from 'sequelize';
import { AppError } from '../../shared/errors';
import { recordEvent } from '../../schema/console-events';
import type { UserCreateInput, UserDto, UserMutationResult, UserUpdateInput } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import type { UserRole } from '../../shared/model/vocabulary';
import { checkRole, resolveUser, userSnapshot } from './user-rows';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { checkMetadata } from '../../platform/db/sql/values';
import { inTransaction } from '../../platform/db/transaction';
import { execute, select } from '../../platform/db/sql/query';
import { nowOf, type WriteOptions } from '../../platform/db/sql/options';
import { checkEmail, checkName } from './validate';

export const INSERT_USER = `
  INSERT INTO users (email, name, role, is_active, metadata, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamp, $6::timestamp)
  RETURNING id`;

/**
 * Creates a user. The email must pass the table's check (same regex, case-insensitive) and
 * must not exist already in any letter case (lookups ignore case, so a second spelling would
 * make them ambiguous): CONFLICT then.
 */
export async function createUser(sequelize: Sequelize, input: UserCreateInput, options: WriteOptions): Promise<UserDto> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  const role = checkRole(input.role ?? 'user');
  const metadata = checkMetadata(input.metadata ?? {});
  const isActive = input.isActive ?? true;
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    // Two operators creating the same email in different cases at once: one waits.
    await select(sequelize, 'SELECT pg_advisory_xact_lock(hashtext(lower($1)))', [email], t);
    const existing = await select<{ email: string }>(sequelize, 'SELECT email FROM users WHERE lower(email) = lower($1)', [email], t);
    if (existing.some((r) => r.email === email)) throw new AppError('CONFLICT', `A user with the email "${email}" exists already.`);
    if (existing.length) {
      throw new AppError('CONFLICT', `A user whose email differs only in case exists already: ${existing.map((r) => r.email).join(', ')}.`);
    }
    const [row] = await select<{ id: string }>(
      sequelize,
      INSERT_USER,
      [email, name, role, isActive, JSON.stringify(metadata), pgTimestamp(now)],
      t,
    );
    const user = await resolveUser(sequelize, { id: row!.id }, { transaction: t });
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: 'users.create',
        targetKind: 'user',
        targetId: user.id,
        before: null,
        after: userSnapshot(user),
      },
    );
    return user;
  });
}

export const UPDATE_USER = 'UPDATE users SET name = $2, role = $3, metadata = $4::jsonb, is_active = $5 WHERE id = $1';

export interface Change {
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export async function applyChange(
  sequelize: Sequelize,
  t: Transaction,
  user: UserDto,
  next: { name: string; role: string; metadata: Record<string, unknown>; isActive: boolean },
  options: WriteOptions,
): Promise<UserMutationResult> {
  const changes: Change[] = [];
  if (next.role !== user.role) changes.push({ action: 'users.set_role', before: { role: user.role }, after: { role: next.role } });
  if (next.isActive !== user.isActive) {
    changes.push({
      action: next.isActive ? 'users.enable' : 'users.disable',
      before: { is_active: user.isActive },
      after: { is_active: next.isActive },
    });
  }
  const edit: Change = { action: 'users.update', before: {}, after: {} };
  if (next.name !== user.name) {
    edit.before.name = user.name;
    edit.after.name = next.name;
  }
  if (JSON.stringify(next.metadata) !== JSON.stringify(user.metadata)) {
    edit.before.metadata = user.metadata;
    edit.after.metadata = next.metadata;
  }
  if (Object.keys(edit.after).length) changes.push(edit);
  if (!changes.length) return { user, changed: false };
  await execute(sequelize, UPDATE_USER, [user.id, next.name, next.role, JSON.stringify(next.metadata), next.isActive], t);
  for (const c of changes) {
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: c.action,
        targetKind: 'user',
        targetId: user.id,
        before: { email: user.email, ...c.before },
        after: { email: user.email, ...c.after },
      },
    );
  }
  return { user: await resolveUser(sequelize, { id: user.id }, { transaction: t }), changed: true };
}

/**
 * Edits name, role and/or metadata (replaced as a whole). One event per kind of change:
 * users.set_role for the role, users.update for name and metadata.
 */
export async function updateUser(
  sequelize: Sequelize,
  ref: UserRef,
  patch: UserUpdateInput,
  options: WriteOptions,
): Promise<UserMutationResult> {
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const role = patch.role === undefined ? undefined : checkRole(patch.role);
  const metadata = patch.metadata === undefined ? undefined : checkMetadata(patch.metadata);
  return inTransaction(sequelize, async (t) => {
    const user = await resolveUser(sequelize, ref, { transaction: t, lock: true });
    return applyChange(
      sequelize,
      t,
      user,
      { name: name ?? user.name, role: role ?? user.role, metadata: metadata ?? user.metadata, isActive: user.isActive },
      options,
    );
  });
}

export function setUserRole(sequelize: Sequelize, ref: UserRef, role: UserRole, options: WriteOptions): Promise<UserMutationResult> {
  return updateUser(sequelize, ref, { role }, options);
}

// ---------- disable / enable, with the user's keys ----------

/*
 * The service authenticates a key by key_hash, is_active, revoked_at and expires_at only: it
 * never looks at users.is_active. So disabling a user also suspends the user's usable keys
 * (suspendUserKeys: is_active = false, metadata.suspended_with_user = when), and enabling
 * restores exactly those (restoreUserKeys), unless revoked or expired meanwhile — in the same
 * transaction as the user, recorded in the same console event. Keys switched off on their own
 * are never touched. A user already disabled (by the service, or before this rule) whose keys
 * still work gets them suspended by a new disable: that counts as a change.
 */
