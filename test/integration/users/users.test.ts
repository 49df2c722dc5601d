import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src-main/domains/api-keys/issue';
import { bulkUpdateUsers } from '../../../src-main/domains/users/bulk';
import { createUser, setUserRole, updateUser } from '../../../src-main/domains/users/create-update';
import { deleteUser, deleteUserPreview } from '../../../src-main/domains/users/delete';
import { disableDormantUsers, dormantUsersReport } from '../../../src-main/domains/users/dormant';
import { emailProblem } from '../../../src-main/domains/users/validate';
import { getUser, listUsers } from '../../../src-main/domains/users/list';
import { getUserDetail } from '../../../src-main/domains/users/detail';
import { setUserActive } from '../../../src-main/domains/users/activation';
import { OPERATOR, T0, at, days, events, sql, usersDatabase, type UsersDb } from './support';

let h: UsersDb;
beforeAll(async () => {
  h = await usersDatabase('users');
});
afterAll(async () => {
  await h?.close();
});

const op = { operator: OPERATOR, now: T0 };

describe('creating users', () => {
  it('creates a user, returns a DTO and records one event with the values after', async () => {
    const before = (await events(h.db.url)).length;
    const u = await createUser(
      h.sequelize,
      { email: 'ada@example.org', name: ' Ada Lovelace ', role: 'sre', metadata: { team: 'ops' } },
      op,
    );
    expect(u).toMatchObject({
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      role: 'sre',
      isActive: true,
      keyCount: 0,
      metadata: { team: 'ops' },
    });
    expect(u.createdAt).toBe('2030-01-15T12:00:00.000000Z');
    const ev = (await events(h.db.url)).slice(before);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      action: 'users.create',
      target_kind: 'user',
      target_id: u.id,
      operator_name: OPERATOR.name,
      operator_email: OPERATOR.email,
      before: null,
      after: { id: u.id, email: 'ada@example.org', role: 'sre', is_active: true },
    });
  });

  it('validates the email exactly as users_email_check does (JavaScript and the server agree)', async () => {
    const samples = [
      'a@b.co',
      'A.B+c_d%e-f@Sub.Example.ORG',
      'a@b.c',
      'a@b',
      '@b.co',
      'a b@c.co',
      'a@b.co\n',
      'a@b.co ',
      'ä@b.co',
      'a@b.cö',
      'a@b.c0m',
      'a@@b.co',
      'a@b..co',
      'a@b.\u212Aom', // the Kelvin sign: folds to k under Unicode case folding, not here
      'a@b.ſo',
    ];
    const server = await sql<{ s: string; ok: boolean }>(
      h.db.url,
      `SELECT s, s ~* (SELECT substring(pg_get_constraintdef(oid) from '''(.*)''::text') FROM pg_constraint WHERE conname = 'users_email_check') AS ok
         FROM unnest($1::text[]) AS s`,
      [samples],
    );
    for (const r of server) expect({ s: r.s, ok: emailProblem(r.s) === null }).toEqual({ s: r.s, ok: r.ok });
    await expect(createUser(h.sequelize, { email: 'not-an-email', name: 'X' }, op)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createUser(h.sequelize, { email: 'x@y.zz', name: '  ' }, op)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createUser(h.sequelize, { email: 'x@y.zz', name: 'X', role: 'root' as never }, op)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('refuses a second user whose email differs only in case', async () => {
    await createUser(h.sequelize, { email: 'grace@example.org', name: 'Grace' }, op);
    await expect(createUser(h.sequelize, { email: 'grace@example.org', name: 'Grace' }, op)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createUser(h.sequelize, { email: 'Grace@Example.org', name: 'Grace 2' }, op)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('grace@example.org'),
    });
  });
});

describe('email look-up', () => {
  it('finds a user case-insensitively', async () => {
    await createUser(h.sequelize, { email: 'linus@example.org', name: 'Linus' }, op);
    expect((await getUser(h.sequelize, { email: 'LINUS@example.ORG' })).email).toBe('linus@example.org');
    await expect(getUser(h.sequelize, { email: 'nobody@example.org' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('when two emails differ only in case, says so and needs the exact one', async () => {
    // The service may have created both (the table's unique constraint is case-sensitive).
    await sql(h.db.url, "INSERT INTO users (email, name) VALUES ('Twin@example.org', 'Twin A'), ('twin@example.org', 'Twin B')");
    const err = await getUser(h.sequelize, { email: 'TWIN@example.org' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT' });
    expect((err as Error).message).toContain('Twin@example.org');
    expect((err as Error).message).toContain('twin@example.org');
    expect((await getUser(h.sequelize, { email: 'Twin@example.org' })).name).toBe('Twin A');
    expect((await getUser(h.sequelize, { email: 'twin@example.org' })).name).toBe('Twin B');
    await expect(setUserActive(h.sequelize, { email: 'TWIN@EXAMPLE.ORG' }, false, op)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('editing users', () => {
  it('changes the role, name and metadata, one event per kind of change, and nothing for no change', async () => {
    const u = await createUser(h.sequelize, { email: 'edit@example.org', name: 'Edit Me' }, op);
    const n = (await events(h.db.url)).length;
    const r = await updateUser(h.sequelize, { id: u.id }, { name: 'Edited', role: 'auditor', metadata: { a: 1 } }, op);
    expect(r).toMatchObject({ changed: true, user: { name: 'Edited', role: 'auditor', metadata: { a: 1 } } });
    const ev = (await events(h.db.url)).slice(n);
    expect(ev.map((e) => e.action)).toEqual(['users.set_role', 'users.update']);
    expect(ev[0]).toMatchObject({ target_id: u.id, before: { role: 'user' }, after: { role: 'auditor' } });
    expect(ev[1]).toMatchObject({ before: { name: 'Edit Me', metadata: {} }, after: { name: 'Edited', metadata: { a: 1 } } });
    expect((await setUserRole(h.sequelize, { id: u.id }, 'auditor', op)).changed).toBe(false);
    expect((await events(h.db.url)).length).toBe(n + 2);
  });

  it('disables and enables, with events before/after', async () => {
    const u = await createUser(h.sequelize, { email: 'toggle@example.org', name: 'Toggle' }, op);
    const n = (await events(h.db.url)).length;
    expect((await setUserActive(h.sequelize, { email: 'toggle@example.org' }, false, op)).user.isActive).toBe(false);
    expect((await setUserActive(h.sequelize, { email: 'toggle@example.org' }, false, op)).changed).toBe(false);
    expect((await setUserActive(h.sequelize, { id: u.id }, true, op)).user.isActive).toBe(true);
    const ev = (await events(h.db.url)).slice(n);
    expect(ev).toEqual([
      // No keys: none suspended or restored (see keys-follow-user.test.ts for users with keys).
      expect.objectContaining({
        action: 'users.disable',
        target_id: u.id,
        before: { email: u.email, is_active: true, api_keys: [] },
        after: { email: u.email, is_active: false, api_keys: [] },
      }),
      expect.objectContaining({
        action: 'users.enable',
        target_id: u.id,
        before: { email: u.email, is_active: false, api_keys: [] },
        after: { email: u.email, is_active: true, api_keys: [], api_keys_not_restored: [] },
      }),
    ]);
  });
});

describe('deleting users', () => {
  it('previews the keys that go with the user, deletes after confirmation, records the keys', async () => {
    const u = await createUser(h.sequelize, { email: 'leaver@example.org', name: 'Leaver' }, op);
    const k1 = await createApiKey(h.sequelize, { user: { id: u.id }, name: 'ci', scopes: ['read'] }, op);
    await createApiKey(h.sequelize, { user: { id: u.id }, name: 'cd', scopes: ['write'] }, op);
    const p = await deleteUserPreview(h.sequelize, { email: 'leaver@example.org' }, { now: T0 });
    expect(p).toMatchObject({ keyCount: 2, usableKeyCount: 2, auditRefs: 0, canDelete: true, blockedReason: null });
    expect(p.confirmation).toContain('2 API keys');
    await expect(deleteUser(h.sequelize, { id: u.id }, { ...op, confirmKeyCount: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const r = await deleteUser(h.sequelize, { id: u.id }, { ...op, confirmKeyCount: 2 });
    expect(r.keysDeleted).toBe(2);
    expect(await sql(h.db.url, 'SELECT id FROM api_keys WHERE user_id = $1', [u.id])).toEqual([]);
    const [ev] = (await events(h.db.url)).filter((e) => e.action === 'users.delete' && e.target_id === u.id);
    expect(ev).toMatchObject({
      after: null,
      before: {
        email: 'leaver@example.org',
        api_keys: expect.arrayContaining([expect.objectContaining({ id: k1.key.id, prefix: k1.key.prefix })]),
      },
    });
  });

  it('refuses to delete a user an audit entry refers to, and changes nothing', async () => {
    const u = await createUser(h.sequelize, { email: 'audited@example.org', name: 'Audited' }, op);
    await sql(
      h.db.url,
      `INSERT INTO audit_logs (trace_id, user_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       VALUES (uuid_generate_v4(), $1, 'Audited', 'grunt', 'wf', 'success', repeat('0', 64))`,
      [u.id],
    );
    const p = await deleteUserPreview(h.sequelize, { id: u.id });
    expect(p).toMatchObject({ auditRefs: 1, canDelete: false });
    expect(p.blockedReason).toMatch(/Disable the user instead/);
    await expect(deleteUser(h.sequelize, { id: u.id }, { ...op, confirmKeyCount: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await sql(h.db.url, 'SELECT id FROM users WHERE id = $1', [u.id])).toHaveLength(1);
  });
});

describe('user detail', () => {
  it('shows last login, key count, last key use, activity counts and recent audit entries', async () => {
    const u = await createUser(h.sequelize, { email: 'busy@example.org', name: 'Busy' }, op);
    const k = await createApiKey(h.sequelize, { user: { id: u.id }, name: 'k', scopes: ['read'] }, op);
    await sql(h.db.url, "UPDATE users SET last_login_at = '2030-01-10 08:00:00.123456' WHERE id = $1", [u.id]);
    await sql(h.db.url, "UPDATE api_keys SET last_used_at = '2030-01-14 09:30:00' WHERE id = $1", [k.key.id]);
    await sql(
      h.db.url,
      `INSERT INTO audit_logs (trace_id, user_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at, duration_seconds)
       SELECT uuid_generate_v4(), $1, 'Busy', 'execute', 'wf' || i, CASE WHEN i % 3 = 0 THEN 'failure' ELSE 'success' END, repeat('0', 64),
              timestamp '2030-01-01' + i * interval '1 hour', 1.5
         FROM generate_series(1, 30) AS i`,
      [u.id],
    );
    const d = await getUserDetail(h.sequelize, { email: 'busy@example.org' }, { now: T0, auditLimit: 5 });
    expect(d.user).toMatchObject({ lastLoginAt: '2030-01-10T08:00:00.123456Z', keyCount: 1, lastKeyUsedAt: '2030-01-14T09:30:00.000000Z' });
    expect(d.usableKeyCount).toBe(1);
    expect(d.keys.map((x) => x.id)).toEqual([k.key.id]);
    expect(d.activity).toMatchObject({
      totalWorkflows: 30,
      successfulWorkflows: 20,
      failedWorkflows: 10,
      lastActivity: '2030-01-02T06:00:00.000000Z',
    });
    expect(d.recentAudit).toHaveLength(5);
    expect(d.recentAudit[0]).toMatchObject({
      workflowName: 'wf30',
      outcome: 'failure',
      durationSeconds: 1.5,
      createdAt: '2030-01-02T06:00:00.000000Z',
    });
    expect(d.recentEvents.map((e) => e.action)).toEqual(['users.create']);
  });
});

describe('dormant accounts', () => {
  it('lists active users with no login and no key use for N days, and disables them in bulk', async () => {
    const old = (n: number) => `2029-0${n}-01 00:00:00`;
    const mk = async (email: string, f: { created: string; login?: string; keyUse?: string; active?: boolean }) => {
      const [{ id }] = await sql<{ id: string }>(
        h.db.url,
        'INSERT INTO users (email, name, created_at, last_login_at, is_active) VALUES ($1, $1, $2, $3, $4) RETURNING id',
        [email, f.created, f.login ?? null, f.active ?? true],
      );
      if (f.keyUse)
        await sql(h.db.url, "INSERT INTO api_keys (user_id, key_hash, name, last_used_at) VALUES ($1, md5($3), 'k', $2)", [
          id,
          f.keyUse,
          id,
        ]);
      return id as string;
    };
    const never = await mk('dormant.never@example.org', { created: old(1) });
    const oldLogin = await mk('dormant.login@example.org', { created: old(1), login: old(3) });
    await mk('recent.key@example.org', { created: old(1), login: old(3), keyUse: '2030-01-01 00:00:00' });
    await mk('recent.login@example.org', { created: old(1), login: '2030-01-10 00:00:00' });
    await mk('new@example.org', { created: '2030-01-01 00:00:00' });
    await mk('disabled.old@example.org', { created: old(1), active: false });
    const oldKey = await mk('dormant.key@example.org', { created: old(1), keyUse: old(5) });

    const dormantIds = [never, oldLogin, oldKey];
    const report = await dormantUsersReport(h.sequelize, { days: 90 }, { now: T0 });
    expect(report.cutoff).toBe(new Date(T0.getTime() - days(90)).toISOString());
    const mine = report.rows.filter(
      (r) =>
        r.email.startsWith('dormant.') || r.email.startsWith('recent.') || r.email === 'new@example.org' || r.email.startsWith('disabled.'),
    );
    expect(mine.map((r) => r.email)).toEqual(['dormant.never@example.org', 'dormant.login@example.org', 'dormant.key@example.org']);
    expect(mine[1]!.lastSeenAt).toBe('2029-03-01T00:00:00.000000Z');

    // Paging through the report a row at a time gives the same rows.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await dormantUsersReport(h.sequelize, { days: 90, limit: 1, cursor }, { now: T0 });
      paged.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(report.rows.map((r) => r.id));

    // A selection containing a non-dormant user changes nothing.
    const recent = (await getUser(h.sequelize, { email: 'recent.login@example.org' })).id;
    await expect(disableDormantUsers(h.sequelize, { days: 90, userIds: [never, recent] }, op)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getUser(h.sequelize, { id: never })).isActive).toBe(true);

    const r = await disableDormantUsers(h.sequelize, { days: 90, userIds: dormantIds }, op);
    expect(r.changedIds.sort()).toEqual([...dormantIds].sort());
    const after = await dormantUsersReport(h.sequelize, { days: 90 }, { now: T0 });
    expect(after.rows.filter((x) => dormantIds.includes(x.id))).toEqual([]);
    const [ev] = (await events(h.db.url)).filter((e) => e.action === 'users.bulk_disable');
    expect(ev).toMatchObject({ after: { is_active: false, count: 3, reason: 'dormant for 90 days' } });
    expect((ev!.before as { users: unknown[] }).users).toHaveLength(3);
  });
});

describe('bulk actions', () => {
  it('are all or nothing: one missing or malformed id and nothing changes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createUser(h.sequelize, { email: `bulk${i}@example.org`, name: `Bulk ${i}` }, op)).id);
    const n = (await events(h.db.url)).length;
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(bulkUpdateUsers(h.sequelize, [...ids, missing], { action: 'disable' }, op)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(bulkUpdateUsers(h.sequelize, [...ids, 'nope'], { action: 'disable' }, op)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(bulkUpdateUsers(h.sequelize, ids, { action: 'set-role', role: 'wizard' as never }, op)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const state = await sql<{ n: number }>(
      h.db.url,
      'SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND is_active AND role = $2',
      [ids, 'user'],
    );
    expect(state[0]!.n).toBe(3);
    expect((await events(h.db.url)).length).toBe(n);

    await setUserActive(h.sequelize, { id: ids[0]! }, false, op);
    const r = await bulkUpdateUsers(h.sequelize, ids, { action: 'disable' }, op);
    expect(r).toMatchObject({ action: 'disable', requested: 3, unchanged: 1 });
    expect(r.changedIds.sort()).toEqual(ids.slice(1).sort());
    const roles = await bulkUpdateUsers(h.sequelize, ids, { action: 'set-role', role: 'developer' }, op);
    expect(roles.changedIds).toHaveLength(3);
    const enabled = await bulkUpdateUsers(h.sequelize, ids, { action: 'enable' }, op);
    expect(enabled.changedIds).toHaveLength(3);
    const ev = (await events(h.db.url)).slice(n);
    expect(ev.map((e) => e.action)).toEqual(['users.disable', 'users.bulk_disable', 'users.bulk_set_role', 'users.bulk_enable']);
    expect(ev[2]).toMatchObject({ after: { role: 'developer', count: 3 } });
    expect((ev[2]!.before as { users: { role: string }[] }).users.every((u) => u.role === 'user')).toBe(true);
  });
});

describe('listing', () => {
  it('filters by role, active state and search; sorts by last login with never-logged-in last', async () => {
    for (const [i, role] of (['admin', 'auditor', 'auditor'] as const).entries()) {
      const u = await createUser(h.sequelize, { email: `list${i}@sorting.test`, name: `Sorter ${i}`, role }, { ...op, now: at(days(i)) });
      if (i > 0) await sql(h.db.url, 'UPDATE users SET last_login_at = $2 WHERE id = $1', [u.id, `2030-02-0${i} 00:00:00`]);
    }
    const auditors = await listUsers(h.sequelize, { search: 'SORTING.test', role: 'auditor' });
    expect(auditors.rows.map((u) => u.email)).toEqual(['list2@sorting.test', 'list1@sorting.test']);
    expect(auditors).toMatchObject({ total: 2, hasMore: false, nextCursor: null });
    const byLogin = await listUsers(h.sequelize, { search: 'sorting', sort: 'last_login_at', direction: 'asc' });
    expect(byLogin.rows.map((u) => u.email)).toEqual(['list1@sorting.test', 'list2@sorting.test', 'list0@sorting.test']);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await listUsers(h.sequelize, { search: 'sorting', sort: 'last_login_at', direction: 'desc', limit: 1, cursor });
      pages.push(...p.rows.map((u) => u.email));
      cursor = p.nextCursor;
    } while (cursor);
    expect(pages).toEqual(['list2@sorting.test', 'list1@sorting.test', 'list0@sorting.test']);
    // % and _ are literal in a search.
    expect((await listUsers(h.sequelize, { search: '%' })).total).toBe(0);
    // A cursor from another order is refused.
    const first = await listUsers(h.sequelize, { limit: 1 });
    await expect(listUsers(h.sequelize, { limit: 1, sort: 'email', cursor: first.nextCursor })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const inactive = await listUsers(h.sequelize, { active: false });
    expect(inactive.rows.every((u) => !u.isActive)).toBe(true);
  });
});
