/** Listing keys: keyset-paged, across users or for one, by status and search. */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { API_KEY_STATUSES } from '../../shared/model/vocabulary';
import { type ApiKeyDto, type ApiKeyListQuery, type ApiKeyPage } from '../../shared/model/api-keys';
import { ISO_TS_RE, isoSql, isoToPg, pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params, clampLimit, containsPattern } from '../../platform/db/sql/params';
import { checkUuid } from '../../platform/db/sql/values';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { keysetPage } from '../../platform/db/sql/keyset';
import { mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';
import { resolveUser } from '../users/user-rows';
import type { KeyRow } from './key-rows';
import { keyColumns, loadKey, statusSql, toKeyDto } from './key-rows';

/** Keys of one user or of everyone, newest first (created_at, then id), one page at a time. */
export async function listApiKeys(sequelize: Sequelize, query: ApiKeyListQuery = {}, options: ReadOptions = {}): Promise<ApiKeyPage> {
  const now = nowOf(options);
  const limit = clampLimit(query.limit, LIMITS.pageSize.default, LIMITS.pageSize.max);
  if (query.status !== undefined && query.status !== null && !API_KEY_STATUSES.includes(query.status)) {
    throw new AppError('VALIDATION', `A key status is one of ${API_KEY_STATUSES.join(', ')}.`);
  }
  return mapped(async () => {
    const userId = query.user ? (await resolveUser(sequelize, query.user)).id : null;
    const search = query.search?.trim() || null;
    const cursorKey = `keys:${JSON.stringify([userId, query.status ?? null, search])}`;
    const cursor = query.cursor ? decodeCursor(query.cursor, cursorKey, ISO_TS_RE) : null;
    if (cursor && cursor.v !== null) cursor.v = isoToPg(cursor.v);

    const filters = (p: Params, nowParam: () => string): string[] => {
      const where: string[] = [];
      if (userId) where.push(`k.user_id = ${p.add(userId)}::uuid`);
      if (query.status) where.push(`${statusSql(nowParam())} = ${p.add(query.status)}`);
      if (search) {
        const pattern = p.add(containsPattern(search));
        where.push(`(k.name ILIKE ${pattern} OR k.metadata->>'prefix' ILIKE ${pattern} OR u.email ILIKE ${pattern})`);
      }
      return where;
    };
    const rows = await keysetPage<KeyRow & { sort_value: string | null }>(
      sequelize,
      {
        from: 'api_keys k JOIN users u ON u.id = k.user_id',
        // `now` is bound once per query, first; filters reuse that placeholder.
        columns: (p) => keyColumns(p.add(pgTimestamp(now))),
        expr: 'k.created_at',
        idExpr: 'k.id',
        cast: '::timestamp',
        nullable: true,
        dir: 'desc',
      },
      (p) => filters(p, () => '$1'),
      cursor,
      limit + 1,
      isoSql('k.created_at'),
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    let total: number | null = null;
    if (query.includeTotal !== false) {
      const cp = new Params();
      let countNow: string | null = null;
      const countWhere = filters(cp, () => (countNow ??= cp.add(pgTimestamp(now))));
      const countSql = `SELECT count(*)::int AS n FROM api_keys k JOIN users u ON u.id = k.user_id ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''}`;
      const [c] = await select<{ n: number }>(sequelize, countSql, cp.values);
      total = c!.n;
    }
    return {
      rows: page.map(toKeyDto),
      total,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ k: cursorKey, v: last.created_at, id: last.id }) : null,
    };
  });
}

export function getApiKey(sequelize: Sequelize, id: string, options: ReadOptions = {}): Promise<ApiKeyDto> {
  const keyId = checkUuid(id, 'An API key id');
  return mapped(() => loadKey(sequelize, keyId, nowOf(options), null));
}

// ---------- create, revoke, rotate ----------
