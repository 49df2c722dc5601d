/** Dormant accounts: users not seen (no login, no key use) for a number of days, and disabling them in bulk. */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import type { BulkUserResult, DormantQuery, DormantReport, DormantUserDto } from '../../shared/model/users';
import { USER_COLUMNS, toUserDto, type UserRow } from './user-rows';
import { ISO_TS_RE, isoSql, isoToPg, pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params, clampLimit } from '../../platform/db/sql/params';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { inTransaction } from '../../platform/db/transaction';
import { keysetCondition } from '../../platform/db/sql/keyset';
import { mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions, type WriteOptions } from '../../platform/db/sql/options';
import { applyBulk, distinctIds } from './bulk';

export const DEFAULT_DORMANT_DAYS = LIMITS.dormantDays.default;

// ---------- validation ----------

/*
 * Dormant at `now` for N days: the user is active (is_active true), was created before
 * now − N days (or has no created_at), has not logged in since (last_login_at NULL or older),
 * and none of their keys was used since (every last_used_at NULL or older). Ordered by
 * last seen (greatest of last login and last key use; never seen first), then id.
 */
export const DORMANT_FROM = `
  FROM users u
  LEFT JOIN (SELECT user_id, max(last_used_at) AS last_key_used_at, count(*)::int AS key_count
               FROM api_keys GROUP BY user_id) ks ON ks.user_id = u.id
 WHERE u.is_active IS TRUE
   AND (u.created_at IS NULL OR u.created_at < $1::timestamp)
   AND (u.last_login_at IS NULL OR u.last_login_at < $1::timestamp)
   AND (ks.last_key_used_at IS NULL OR ks.last_key_used_at < $1::timestamp)`;

export const LAST_SEEN = 'greatest(u.last_login_at, ks.last_key_used_at)';

export function dormantDays(days: number | undefined): number {
  const d = days ?? DEFAULT_DORMANT_DAYS;
  if (!Number.isInteger(d) || d < 1 || d > LIMITS.dormantDays.max) {
    throw new AppError(
      'VALIDATION',
      `The dormancy period is a whole number of days from 1 to ${LIMITS.dormantDays.max.toLocaleString('en')}.`,
    );
  }
  return d;
}

export function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** Active users with no login and no key use for `days` days (default 90), one page at a time. */
export async function dormantUsersReport(
  sequelize: Sequelize,
  query: DormantQuery = {},
  options: ReadOptions = {},
): Promise<DormantReport> {
  const days = dormantDays(query.days);
  const now = nowOf(options);
  const cutoff = cutoffOf(now, days);
  const limit = clampLimit(query.limit, LIMITS.dormantPageSize.default, LIMITS.dormantPageSize.max);
  const cursorKey = `dormant:${days}:${pgTimestamp(cutoff)}`;
  const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, ISO_TS_RE) : null;
  if (cursor && cursor.v !== null) cursor.v = isoToPg(cursor.v);
  const p = new Params();
  p.add(pgTimestamp(cutoff));
  const after = cursor ? `AND ${keysetCondition(p, LAST_SEEN, 'u.id', 'asc', 'first', cursor, '::timestamp')}` : '';
  const sql = `SELECT ${USER_COLUMNS}, ks.key_count, ${isoSql('ks.last_key_used_at')} AS last_key_used_at,
      ${isoSql(LAST_SEEN)} AS last_seen_at
    ${DORMANT_FROM} ${after}
    ORDER BY ${LAST_SEEN} ASC NULLS FIRST, u.id ASC
    LIMIT ${p.add(limit + 1)}`;
  return mapped(async () => {
    const rows = await select<UserRow & { last_seen_at: string | null }>(sequelize, sql, p.values);
    const [count] = await select<{ n: number }>(sequelize, `SELECT count(*)::int AS n ${DORMANT_FROM}`, [pgTimestamp(cutoff)]);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      days,
      cutoff: cutoff.toISOString(),
      rows: page.map((r): DormantUserDto => ({ ...toUserDto(r), lastSeenAt: r.last_seen_at })),
      total: count!.n,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.last_seen_at, id: last.id }) : null,
    };
  });
}

// ---------- bulk actions ----------

/**
 * Disables dormant users (see dormantUsersReport) in one transaction. With `userIds` (a
 * selection from the report), every one of them must still be dormant, else CONFLICT and
 * nothing changes; without, every user dormant right now is disabled.
 */
export async function disableDormantUsers(
  sequelize: Sequelize,
  query: { days?: number; userIds?: readonly string[] },
  options: WriteOptions,
): Promise<BulkUserResult> {
  const days = dormantDays(query.days);
  const now = nowOf(options);
  const cutoff = pgTimestamp(cutoffOf(now, days));
  const selected = query.userIds ? distinctIds(query.userIds) : null;
  return inTransaction(sequelize, async (t) => {
    const dormant = (await select<{ id: string }>(sequelize, `SELECT u.id ${DORMANT_FROM}`, [cutoff], t)).map((r) => r.id);
    let ids = dormant;
    if (selected) {
      const set = new Set(dormant);
      const notDormant = selected.filter((id) => !set.has(id));
      if (notDormant.length) {
        throw new AppError(
          'CONFLICT',
          `${notDormant.length} of the selected users are not dormant (any more): ${notDormant.slice(0, 5).join(', ')}. Nothing was changed.`,
        );
      }
      ids = selected;
    }
    if (!ids.length)
      return { action: 'disable', requested: 0, changedIds: [], unchanged: 0, keys: { suspended: [], restored: [], notRestored: [] } };
    return applyBulk(sequelize, t, ids, { action: 'disable' }, options, {
      reason: `dormant for ${days} days`,
      cutoff: cutoffOf(now, days).toISOString(),
    });
  });
}
