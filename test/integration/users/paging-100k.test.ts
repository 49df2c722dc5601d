import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { dormantUsersReport } from '../../../src-main/domains/users/dormant';
import { getUser, listUsers } from '../../../src-main/domains/users/list';
import { listApiKeys } from '../../../src-main/domains/api-keys/list';
import type { UserListQuery } from '../../../src-main/shared/model/users';
import { T0, sql, usersDatabase, type UsersDb } from './support';

/**
 * Paging at 100,000 users. Timings are reported (stderr), not asserted: they depend on the
 * machine. What is asserted is that keyset paging visits every row exactly once, in order,
 * and that with the console's user indexes the pages come from index scans.
 *
 * The database is initialised with every migration; the indexes of the user-indexes migration
 * are dropped (its `down`) for the first measurements, then created again by its `up` for the
 * `[indexed]` ones.
 */
const N = 100_000;
const USER_INDEXES = migrations.find((m) => m.name === '20261127T020000-user-indexes')!;
const CONSOLE_USER_INDEXES = ['idx_console_users_created_at_id', 'idx_console_users_last_login_at_id', 'idx_console_users_lower_email'];

/** Runs one direction of the user-indexes migration on its own, as the migrator would (one transaction). */
async function userIndexes(direction: 'up' | 'down'): Promise<void> {
  await h.sequelize.transaction((transaction) =>
    USER_INDEXES[direction]({ name: USER_INDEXES.name, context: { sequelize: h.sequelize, transaction } }),
  );
  await sql(h.db.url, 'ANALYZE users');
}

const consoleIndexes = async () =>
  (
    await sql<{ indexname: string }>(
      h.db.url,
      "SELECT indexname FROM pg_indexes WHERE tablename = 'users' AND starts_with(indexname, 'idx_console_') ORDER BY 1",
    )
  ).map((r) => r.indexname);

/** The plan of a query, as one text. */
const plan = async (query: string, values: unknown[] = []) =>
  (await sql<{ 'QUERY PLAN': string }>(h.db.url, `EXPLAIN ${query}`, values)).map((r) => r['QUERY PLAN']).join('\n');
let h: UsersDb;
const timings: string[] = [];
/** A cursor 90,000 rows deep (created_at desc, 500 per page), kept from the walk. */
let deepCursor: string | null = null;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push(`${label.padEnd(58)} ${(performance.now() - started).toFixed(1).padStart(8)} ms`);
  return result;
}

beforeAll(async () => {
  h = await usersDatabase('users_100k');
  await sql(
    h.db.url,
    `INSERT INTO users (email, name, role, is_active, created_at, last_login_at)
     SELECT 'user' || i || '@load' || (i % 97) || '.example.org',
            'Load User ' || i,
            (ARRAY['user','admin','sre','developer','auditor'])[1 + i % 5],
            i % 10 <> 0,
            timestamp '2029-01-01' + (i % 50000) * interval '10 minutes',
            CASE WHEN i % 3 = 0 THEN NULL ELSE timestamp '2029-06-01' + (i % 7919) * interval '1 hour' END
       FROM generate_series(1, $1::int) AS i`,
    [N],
  );
  await sql(
    h.db.url,
    `INSERT INTO api_keys (user_id, key_hash, name, last_used_at)
     SELECT id, md5(id::text) || md5(email), 'load', CASE WHEN random() < 0.5 THEN timestamp '2029-12-01' END
       FROM users WHERE email LIKE 'user%5@load%'`,
  );
  await sql(h.db.url, 'ANALYZE users; ANALYZE api_keys');
  expect(await consoleIndexes()).toEqual(CONSOLE_USER_INDEXES);
  await userIndexes('down');
  expect(await consoleIndexes()).toEqual([]);
}, 300_000);

afterAll(async () => {
  process.stderr.write(
    `\n[users 100k] timings on this machine (${N.toLocaleString('en')} users; without the idx_console_ indexes, then [indexed] with the user-indexes migration applied):\n${timings.map((t) => `  ${t}`).join('\n')}\n`,
  );
  await h?.close();
});

describe(`paging ${N.toLocaleString('en')} users`, () => {
  it('first pages, filters, search and deep pages', async () => {
    const first = await timed('first page, created desc, 50 rows + total', () => listUsers(h.sequelize, { limit: 50 }));
    expect(first.total).toBe(N + 1); // + the seed admin
    expect(first.rows).toHaveLength(50);
    const second = await timed('second page by cursor (no total)', () =>
      listUsers(h.sequelize, { limit: 50, cursor: first.nextCursor, includeTotal: false }),
    );
    expect(second.rows[0]!.id).not.toBe(first.rows[49]!.id);

    const filtered = await timed('role=auditor, active=true, 50 rows + total', () =>
      listUsers(h.sequelize, { role: 'auditor', active: true, limit: 50 }),
    );
    expect(filtered.rows.every((u) => u.role === 'auditor' && u.isActive)).toBe(true);
    expect(filtered.total).toBe(20_000);

    const search = await timed('search "load42." (email), 50 rows + total', () => listUsers(h.sequelize, { search: 'load42.', limit: 50 }));
    expect(search.total).toBe(1031);
    const byName = await timed('search "User 99999" (name) + total', () => listUsers(h.sequelize, { search: 'User 99999', limit: 50 }));
    expect(byName.rows.map((u) => u.name)).toEqual(['Load User 99999']);

    const login = await timed('sort last_login desc, 50 rows + total', () => listUsers(h.sequelize, { sort: 'last_login_at', limit: 50 }));
    expect(login.rows[0]!.lastLoginAt! >= login.rows[49]!.lastLoginAt!).toBe(true);

    await timed('look up one email case-insensitively', () => getUser(h.sequelize, { email: `USER77777@LOAD${77777 % 97}.EXAMPLE.org` }));
    const dormant = await timed('dormant report (90 days), 500 rows + total', () =>
      dormantUsersReport(h.sequelize, { days: 90 }, { now: T0 }),
    );
    expect(dormant.total).toBeGreaterThan(0);
    await timed('keys across users, first 50 + total', () => listApiKeys(h.sequelize, { limit: 50 }, { now: T0 }));
  });

  for (const q of [
    { sort: 'created_at', direction: 'desc' },
    { sort: 'last_login_at', direction: 'asc' },
  ] satisfies UserListQuery[]) {
    it(`walks every row once by keyset, ${q.sort} ${q.direction}, 500 per page`, async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      let slowest = 0;
      let previous: string | null | undefined;
      let nullsStarted = false;
      const started = performance.now();
      do {
        const t = performance.now();
        const page = await listUsers(h.sequelize, { ...q, limit: 500, cursor, includeTotal: false });
        slowest = Math.max(slowest, performance.now() - t);
        for (const u of page.rows) {
          seen.add(u.id);
          const v = q.sort === 'created_at' ? u.createdAt : u.lastLoginAt;
          if (v === null) nullsStarted = true;
          else {
            expect(nullsStarted).toBe(false); // NULLs last
            if (previous) expect(q.direction === 'asc' ? v >= previous : v <= previous).toBe(true);
            previous = v;
          }
        }
        cursor = page.nextCursor;
        pages++;
        if (q.sort === 'created_at' && pages === 180) deepCursor = cursor;
      } while (cursor);
      timings.push(
        `${`walk ${q.sort} ${q.direction}: ${pages} pages of 500`.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(8)} ms (slowest page ${slowest.toFixed(1)} ms)`,
      );
      expect(seen.size).toBe(N + 1);
    }, 300_000);
  }

  it('a page 90,000 rows deep costs what the first one does', async () => {
    expect(deepCursor).not.toBeNull();
    const deep = await timed('page 181 (90,000 rows deep), created desc, 500 rows', () =>
      listUsers(h.sequelize, { limit: 500, cursor: deepCursor, includeTotal: false }),
    );
    expect(deep.rows).toHaveLength(500);
  });

  it('with the user-indexes migration applied, pages come from index range scans', async () => {
    await userIndexes('up');
    expect(await consoleIndexes()).toEqual(CONSOLE_USER_INDEXES);
    // The shapes keysetPage and resolveUser send (users-common.ts).
    expect(await plan('SELECT u.id FROM users u WHERE u.created_at IS NOT NULL ORDER BY u.created_at DESC, u.id DESC LIMIT 51')).toContain(
      'idx_console_users_created_at_id',
    );
    expect(
      await plan('SELECT u.id FROM users u WHERE u.last_login_at IS NOT NULL ORDER BY u.last_login_at ASC, u.id ASC LIMIT 501'),
    ).toContain('idx_console_users_last_login_at_id');
    expect(await plan('SELECT u.id FROM users u WHERE lower(u.email) = lower($1)', ['USER1@load1.example.org'])).toContain(
      'idx_console_users_lower_email',
    );
    await timed('[indexed] first page, created desc, 50 rows + total', () => listUsers(h.sequelize, { limit: 50 }));
    await timed('[indexed] first page, created desc, 50 rows (no total)', () => listUsers(h.sequelize, { limit: 50, includeTotal: false }));
    const deep = await timed('[indexed] page 181 (90,000 deep), 500 rows', () =>
      listUsers(h.sequelize, { limit: 500, cursor: deepCursor, includeTotal: false }),
    );
    expect(deep.rows).toHaveLength(500);
    await timed('[indexed] sort last_login desc, 50 rows (no total)', () =>
      listUsers(h.sequelize, { sort: 'last_login_at', limit: 50, includeTotal: false }),
    );
    await timed('[indexed] look up one email case-insensitively', () =>
      getUser(h.sequelize, { email: `USER77777@LOAD${77777 % 97}.EXAMPLE.org` }),
    );
    const started = performance.now();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listUsers(h.sequelize, { limit: 500, cursor, includeTotal: false });
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    timings.push(
      `${`[indexed] walk created_at desc: ${pages} pages of 500`.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(8)} ms`,
    );
  }, 300_000);
});
