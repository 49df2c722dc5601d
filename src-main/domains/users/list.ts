/** Finding users: the keyset-paged, filtered listing and look-ups by id or email. */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import type { UserDto, UserListQuery, UserSortKey } from '../../shared/model/users';
import type { Page } from '../../shared/model/page';
import type { UserRef } from '../../shared/model/refs';
import { USER_COLUMNS, USER_KEYS_LATERAL, checkRole, resolveUser, toUserDto, withKeyStats, type UserRow } from './user-rows';
import { ISO_TS_RE, isoSql, isoToPg } from '../../platform/db/sql/timestamps';
import { Params, clampLimit, containsPattern } from '../../platform/db/sql/params';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { keysetPage } from '../../platform/db/sql/keyset';
import { mapped, select } from '../../platform/db/sql/query';

export const SORTS: Record<UserSortKey, { expr: string; cast: string; nullable: boolean }> = {
  created_at: { expr: 'u.created_at', cast: '::timestamp', nullable: true },
  last_login_at: { expr: 'u.last_login_at', cast: '::timestamp', nullable: true },
  email: { expr: 'u.email', cast: '::text', nullable: false },
};

export function userFilters(p: Params, q: { search?: string | null; role?: string | null; active?: boolean | null }): string[] {
  const where: string[] = [];
  if (q.search && q.search.trim()) {
    const pattern = p.add(containsPattern(q.search.trim()));
    where.push(`(u.email ILIKE ${pattern} OR u.name ILIKE ${pattern})`);
  }
  if (q.role !== undefined && q.role !== null) where.push(`u.role = ${p.add(checkRole(q.role))}`);
  if (q.active === true) where.push('u.is_active IS TRUE');
  if (q.active === false) where.push('u.is_active IS NOT TRUE');
  return where;
}

/**
 * One page of users. Keyset paging on (sort column, id): each page costs the same whatever
 * its depth. NULL sort values (never logged in) come last in both directions.
 */
export async function listUsers(sequelize: Sequelize, query: UserListQuery = {}): Promise<Page<UserDto>> {
  const sortKey = query.sort ?? 'created_at';
  const sort = SORTS[sortKey];
  if (!sort) throw new AppError('VALIDATION', `Users sort by ${Object.keys(SORTS).join(', ')} (got "${String(sortKey)}").`);
  const dir = query.direction ?? 'desc';
  if (dir !== 'asc' && dir !== 'desc') throw new AppError('VALIDATION', 'The sort direction is asc or desc.');
  const limit = clampLimit(query.limit, LIMITS.pageSize.default, LIMITS.pageSize.max);
  const cursorKey = `users:${sortKey}:${dir}:${JSON.stringify([query.search?.trim() || null, query.role ?? null, query.active ?? null])}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, sort.cast === '::timestamp' ? ISO_TS_RE : /^[\s\S]{1,255}$/) : null;
  if (cursor && cursor.v !== null && sort.cast === '::timestamp') cursor.v = isoToPg(cursor.v);

  return mapped(async () => {
    const rows = await keysetPage<UserRow & { sort_value: string | null }>(
      sequelize,
      { from: 'users u', columns: USER_COLUMNS, expr: sort.expr, idExpr: 'u.id', cast: sort.cast, nullable: sort.nullable, dir },
      (p) => userFilters(p, query),
      cursor,
      limit + 1,
      sort.cast === '::timestamp' ? isoSql(sort.expr) : sort.expr,
    );
    const hasMore = rows.length > limit;
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    let total: number | null = null;
    if (query.includeTotal !== false) {
      const p = new Params();
      const where = userFilters(p, query);
      const [c] = await select<{ n: number }>(
        sequelize,
        `SELECT count(*)::int AS n FROM users u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        p.values,
      );
      total = c!.n;
    }
    return {
      rows: (await withKeyStats(sequelize, pageRows)).map(toUserDto),
      total,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.sort_value, id: last.id }) : null,
    };
  });
}

/** One user by id or email (see resolveUser for the case rules). */
export function getUser(sequelize: Sequelize, ref: UserRef): Promise<UserDto> {
  return mapped(() => resolveUser(sequelize, ref));
}

/**
 * Every user whose email equals this one ignoring case (for the "which one did you mean"
 * question): [] when none.
 */
export async function findUsersByEmail(sequelize: Sequelize, email: string): Promise<UserDto[]> {
  const sql = `SELECT ${USER_COLUMNS}, ks.key_count, ks.last_key_used_at FROM users u ${USER_KEYS_LATERAL}
    WHERE lower(u.email) = lower($1) ORDER BY u.email`;
  return mapped(async () => (await select<UserRow>(sequelize, sql, [email.trim()])).map(toUserDto));
}

// ---------- changes ----------
