/** How a user row is read and shown: the columns, the key statistics, the DTO, and finding one user by id or email. */
import { type Sequelize, type Transaction } from 'sequelize';
import { EMAIL_REGEX } from '../../schema/service-schema';
import { USER_ROLES } from '../../shared/model/vocabulary';
import { AppError } from '../../shared/errors';
import type { UserDto } from '../../shared/model/users';
import type { UserRef } from '../../shared/model/refs';
import type { UserRole } from '../../shared/model/vocabulary';
import { select } from '../../platform/db/sql/query';
import { isoSql } from '../../platform/db/sql/timestamps';
import { checkUuid } from '../../platform/db/sql/values';

/** The table's check constraint, as a JavaScript RegExp: same pattern, case-insensitive (~*). */
export const EMAIL_PATTERN = new RegExp(EMAIL_REGEX, 'i');

export function checkRole(role: unknown): UserRole {
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new AppError('VALIDATION', `The role must be one of ${USER_ROLES.join(', ')} (got "${String(role).slice(0, 50)}").`);
  }
  return role as UserRole;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  is_active: boolean | null;
  created_at: string | null;
  updated_at: string | null;
  last_login_at: string | null;
  metadata: Record<string, unknown> | null;
  key_count?: number | string | null;
  last_key_used_at?: string | null;
}

export const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.is_active, ${isoSql('u.created_at')} AS created_at,
  ${isoSql('u.updated_at')} AS updated_at, ${isoSql('u.last_login_at')} AS last_login_at, u.metadata`;

/** Key count and last key use of the user `u`, as a LATERAL join. */
export const USER_KEYS_LATERAL = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS key_count, ${isoSql('max(k.last_used_at)')} AS last_key_used_at
      FROM api_keys k WHERE k.user_id = u.id) ks ON true`;

/** Key count and last key use for a page of users, in one query (index on api_keys.user_id). */
export async function withKeyStats(sequelize: Sequelize, rows: UserRow[], transaction?: Transaction | null): Promise<UserRow[]> {
  if (!rows.length) return rows;
  const stats = await select<{ user_id: string; key_count: number; last_key_used_at: string | null }>(
    sequelize,
    `SELECT user_id, count(*)::int AS key_count, ${isoSql('max(last_used_at)')} AS last_key_used_at
       FROM api_keys WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
    [rows.map((r) => r.id)],
    transaction,
  );
  const byId = new Map(stats.map((s) => [s.user_id, s]));
  return rows.map((r) => ({ ...r, key_count: byId.get(r.id)?.key_count ?? 0, last_key_used_at: byId.get(r.id)?.last_key_used_at ?? null }));
}

export function toUserDto(r: UserRow): UserDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    isActive: r.is_active === true,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
    metadata: r.metadata ?? {},
    keyCount: Number(r.key_count ?? 0),
    lastKeyUsedAt: r.last_key_used_at ?? null,
  };
}

/** What console_events keeps about a user (no timestamps that change by themselves). */
export function userSnapshot(u: UserDto): Record<string, unknown> {
  return { id: u.id, email: u.email, name: u.name, role: u.role, is_active: u.isActive, metadata: u.metadata };
}

export const FIND_BY_ID = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL} WHERE u.id = $1`;

export const FIND_BY_EMAIL = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL}
  WHERE lower(u.email) = lower($1) ORDER BY u.email`;

export const LOCK_USER = 'SELECT id FROM users WHERE id = $1 FOR UPDATE';

export function describeRef(ref: UserRef): string {
  return 'id' in ref ? `id ${ref.id}` : `"${ref.email}"`;
}

/**
 * Finds one user. By id: exactly. By email: case-insensitively; when several emails differ
 * only in case, the one spelled exactly as given wins, and without an exact match it is a
 * CONFLICT naming them all (the caller must give the exact one). NOT_FOUND when none.
 * With `lock`, the row is locked FOR UPDATE in the transaction.
 */
export async function resolveUser(
  sequelize: Sequelize,
  ref: UserRef,
  options: { transaction?: Transaction | null; lock?: boolean } = {},
): Promise<UserDto> {
  const t = options.transaction ?? null;
  let row: UserRow | undefined;
  if (ref && 'id' in ref) {
    const id = checkUuid(ref.id, 'A user id');
    [row] = await select<UserRow>(sequelize, FIND_BY_ID, [id], t);
  } else if (ref && 'email' in ref && typeof ref.email === 'string') {
    const email = ref.email.trim();
    if (!email) throw new AppError('VALIDATION', 'An email is required.');
    const found = await select<UserRow>(sequelize, FIND_BY_EMAIL, [email], t);
    if (found.length > 1) {
      row = found.find((r) => r.email === email);
      if (!row) {
        throw new AppError(
          'CONFLICT',
          `Several users have an email that differs from "${email}" only in case: ${found.map((r) => r.email).join(', ')}. Give the exact email.`,
        );
      }
    } else row = found[0];
  } else {
    throw new AppError('VALIDATION', 'A user is given by { id } or { email }.');
  }
  if (!row) throw new AppError('NOT_FOUND', `No user with ${describeRef(ref)}.`);
  if (options.lock) {
    if (!t) throw new Error('resolveUser: lock needs a transaction');
    const locked = await select<{ id: string }>(sequelize, LOCK_USER, [row.id], t);
    if (!locked.length) throw new AppError('NOT_FOUND', `No user with ${describeRef(ref)} (deleted meanwhile).`);
    // Re-read after the lock: another transaction may have changed the row meanwhile.
    [row] = await select<UserRow>(sequelize, FIND_BY_ID, [row.id], t);
  }
  return toUserDto(row!);
}
