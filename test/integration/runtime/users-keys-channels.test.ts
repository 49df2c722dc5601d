import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitialisedDatabase, type TestDatabase } from '../../support/test-db';
import { query, startRuntime, type RuntimeHarness } from './support';

/**
 * The users and keys channels through the real router (what the Users and API Keys pages
 * call): validated input, the operator of the connection recorded, secrets only in the one
 * answer that creates them. Also the health-probe job and db/status.
 */
let db: TestDatabase;
let h: RuntimeHarness;
beforeAll(async () => {
  db = await createInitialisedDatabase('channels_users');
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('users channels', () => {
  it('create, list with filters, detail, update, bulk and the dormant report', async () => {
    const ada = await h.call('users/create', { email: 'ada@example.org', name: 'Ada', role: 'sre' });
    const bob = await h.call('users/create', { email: 'bob@example.org', name: 'Bob', role: 'user' });
    expect(ada).toMatchObject({ email: 'ada@example.org', role: 'sre', isActive: true, keyCount: 0 });

    const sres = await h.call('users/list', { role: 'sre', limit: 10 });
    expect(sres.rows.map((u) => u.email)).toEqual(['ada@example.org']);
    const search = await h.call('users/list', { search: 'BOB' });
    expect(search.rows.map((u) => u.email)).toEqual(['bob@example.org']);

    expect((await h.call('users/update', { id: bob.id, name: 'Robert' })).user.name).toBe('Robert');
    const detail = await h.call('users/detail', { id: bob.id });
    expect(detail.user.name).toBe('Robert');
    expect(detail.recentEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['users.create', 'users.update']));

    const bulk = await h.call('users/bulk', { ids: [ada.id, bob.id], action: { action: 'set-role', role: 'auditor' } });
    expect(bulk.changedIds.sort()).toEqual([ada.id, bob.id].sort());
    expect((await h.call('users/set-active', { id: ada.id, active: false })).user.isActive).toBe(false);

    await query(db.url, "INSERT INTO users (email, name, created_at) VALUES ('old@example.org', 'Old', now() - interval '400 days')");
    const dormant = await h.call('users/dormant', { days: 90 });
    expect(dormant.rows.map((u) => u.email)).toContain('old@example.org');
    const disabled = await h.call('users/disable-dormant', { days: 90, userIds: dormant.rows.map((u) => u.id) });
    expect(disabled.changedIds.length).toBe(dormant.rows.length);

    const preview = await h.call('users/delete-preview', { id: bob.id });
    expect(preview).toMatchObject({ canDelete: true, keyCount: 0 });
    expect((await h.call('users/delete', { id: bob.id, confirmKeyCount: 0 })).deleted.email).toBe('bob@example.org');
  });

  it('refuses a bad email with the reason, and an unknown role by schema', async () => {
    expect(await h.failure('users/create', { email: 'not-an-email', name: 'X', role: 'user' })).toMatchObject({ code: 'VALIDATION' });
    const envelope = await h.dispatch('users/create', { email: 'x@example.org', name: 'X', role: 'root' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(envelope.ok ? '' : envelope.error.message).toContain('role');
  });
});

describe('keys channels', () => {
  it('create shows the secret once, list never does; check, rotate and revoke', async () => {
    await h.call('users/create', { email: 'keys@example.org', name: 'Key Holder', role: 'developer' });
    const created = await h.call('keys/create', {
      userEmail: 'KEYS@example.org',
      name: 'deployer',
      scopes: ['read', 'write'],
      expiry: { days: 30 },
    });
    expect(created.secret).toMatch(/^aiwf_/);
    const listed = await h.call('keys/list', { search: 'deployer' });
    expect(listed.rows).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    expect(await h.call('keys/check', { key: created.secret })).toMatchObject({
      valid: true,
      userEmail: 'keys@example.org',
      scopes: ['read', 'write'],
    });
    const typo = created.secret.slice(0, 10) + (created.secret[10] === 'a' ? 'b' : 'a') + created.secret.slice(11);
    expect(await h.call('keys/check', { key: typo })).toMatchObject({ valid: false, reason: 'bad-checksum' });

    const rotated = await h.call('keys/rotate', { id: created.key.id, overlapHours: 1 });
    expect(rotated.created.secret).not.toBe(created.secret);
    expect(await h.call('keys/check', { key: created.secret })).toMatchObject({ valid: true }); // still in its overlap
    const revoked = await h.call('keys/revoke', { id: rotated.created.key.id });
    expect(revoked.key.status).toBe('revoked');
    expect(await h.call('keys/check', { key: rotated.created.secret })).toMatchObject({ valid: false, reason: 'revoked' });

    // The console's record of all this holds neither secret.
    const events = await query<{ t: string }>(db.url, "SELECT string_agg(row_to_json(e)::text, ' ') AS t FROM console_events e");
    expect(events[0]!.t).not.toContain(created.secret);
    expect(events[0]!.t).not.toContain(rotated.created.secret);
    expect(h.internal).toEqual([]);
  });
});

describe('database channels without a schema of their own', () => {
  it('db/status answers for this database and the health probe job reports every sample', async () => {
    const status = await h.call('db/status', {});
    expect(status.server).toMatchObject({ database: db.name });
    expect(status.health.ok).toBe(true);
    const finished = await h.job('jobs/start-health-probe', { samples: 5, intervalMs: 0 });
    expect(finished).toMatchObject({ status: 'succeeded', result: { samples: 5, failures: 0 } });
    const progress = h.eventsNamed('job/progress').filter((p) => p.jobId === finished.jobId);
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5 });
  });
});
