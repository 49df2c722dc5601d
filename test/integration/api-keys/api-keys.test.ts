import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { apiKeyHash } from '../../../src-main/integrity/api-key-format';
import { checkApiKey } from '../../../src-main/domains/api-keys/check';
import { createApiKey, rotateApiKey } from '../../../src-main/domains/api-keys/issue';
import { getApiKey, listApiKeys } from '../../../src-main/domains/api-keys/list';
import { revokeApiKey } from '../../../src-main/domains/api-keys/revoke';
import { createUser, setUserRole } from '../../../src-main/domains/users/create-update';
import { setUserActive } from '../../../src-main/domains/users/activation';
import type { UserDto } from '../../../src-main/shared/model/users';
import { OPERATOR, T0, at, days, events, everyRowAsText, hours, sql, usersDatabase, type UsersDb } from '../users/support';

let h: UsersDb;
let alice: UserDto;
const op = { operator: OPERATOR, now: T0 };

beforeAll(async () => {
  h = await usersDatabase('keys');
  alice = await createUser(h.sequelize, { email: 'alice@example.org', name: 'Alice', role: 'developer' }, op);
});
afterAll(async () => {
  await h?.close();
});

/**
 * The service's own look-up, as plain SQL: the key is hashed by the server here only because
 * this query stands for the service (the console never sends a key to the server).
 */
const SERVICE_LOOKUP = `
  SELECT k.id, k.scopes, u.email FROM api_keys k JOIN users u ON u.id = k.user_id
   WHERE k.key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')
     AND k.is_active AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2::timestamp)`;
const serviceFinds = async (key: string, now: Date) =>
  (await sql<{ id: string }>(h.db.url, SERVICE_LOOKUP, [key, now.toISOString().replace('T', ' ').replace('Z', '')])).map((r) => r.id);

describe('keys the console creates', () => {
  it('work for the service unchanged: found by a plain SHA-256 look-up with its validity rules', async () => {
    const { key, secret } = await createApiKey(
      h.sequelize,
      { user: { email: 'ALICE@example.org' }, name: 'deploy', scopes: ['write', 'read'] },
      op,
    );
    expect(secret).toMatch(/^aiwf_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(key).toMatchObject({
      name: 'deploy',
      scopes: ['read', 'write'],
      prefix: secret.slice(0, 12),
      format: 'aiwf-v1',
      status: 'active',
      serviceAccepts: true,
      userEmail: 'alice@example.org',
      createdAt: '2030-01-15T12:00:00.000000Z',
      expiresAt: '2030-04-15T12:00:00.000000Z', // 90 days by default
    });
    expect(await serviceFinds(secret, T0)).toEqual([key.id]);
    const [row] = await sql<{ key_hash: string; metadata: unknown }>(h.db.url, 'SELECT key_hash, metadata FROM api_keys WHERE id = $1', [
      key.id,
    ]);
    expect(row!.key_hash).toBe(crypto.createHash('sha256').update(secret, 'utf8').digest('hex'));
    expect(row!.metadata).toEqual({ prefix: secret.slice(0, 12), format: 'aiwf-v1' });
    expect(await checkApiKey(h.sequelize, secret, { now: T0 })).toMatchObject({
      valid: true,
      reason: null,
      userEmail: 'alice@example.org',
      scopes: ['read', 'write'],
    });
  });

  it('leave no trace of the secret anywhere in the database', async () => {
    const { key, secret } = await createApiKey(h.sequelize, { user: { id: alice.id }, name: 'trace', scopes: ['read'] }, op);
    await rotateApiKey(h.sequelize, key.id, {}, op);
    await revokeApiKey(h.sequelize, key.id, op);
    await checkApiKey(h.sequelize, secret, { now: T0 });
    const dump = await everyRowAsText(h.db.url);
    expect(dump).toContain(key.id);
    expect(dump).toContain(secret.slice(0, 12)); // the display prefix is meant to be there
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(12)); // the secret part
    expect(dump).not.toContain(secret.slice(20, 40));
    // Events name the key by id and prefix, never by the hash either.
    const evText = JSON.stringify(await events(h.db.url));
    expect(evText).not.toContain(apiKeyHash(secret));
  });

  it('expire when their time comes, with time controlled by the test', async () => {
    const { key, secret } = await createApiKey(
      h.sequelize,
      { user: { id: alice.id }, name: 'short', scopes: ['read'], expiry: { days: 30 } },
      op,
    );
    expect(key.expiresAt).toBe('2030-02-14T12:00:00.000000Z');
    const states = async (now: Date) => ({
      status: (await getApiKey(h.sequelize, key.id, { now })).status,
      check: (await checkApiKey(h.sequelize, secret, { now })).reason,
      service: (await serviceFinds(secret, now)).length === 1,
    });
    expect(await states(at(days(15)))).toEqual({ status: 'active', check: null, service: true });
    expect(await states(at(days(16) + 1))).toEqual({ status: 'expiring', check: null, service: true }); // within 14 days
    expect(await states(at(days(30) - 1))).toEqual({ status: 'expiring', check: null, service: true });
    expect(await states(at(days(30)))).toEqual({ status: 'expired', check: 'expired', service: false }); // expires_at <= now
  });

  it('never expire only when asked explicitly', async () => {
    const { key, secret } = await createApiKey(
      h.sequelize,
      { user: { id: alice.id }, name: 'forever', scopes: ['read'], expiry: { never: true } },
      op,
    );
    expect(key.expiresAt).toBeNull();
    expect((await checkApiKey(h.sequelize, secret, { now: at(days(10_000)) })).valid).toBe(true);
    await expect(createApiKey(h.sequelize, { user: { id: alice.id }, name: 'x', expiry: { days: 0 } }, op)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(createApiKey(h.sequelize, { user: { id: alice.id }, name: 'x', scopes: ['root' as never] }, op)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(createApiKey(h.sequelize, { user: { id: alice.id }, name: 'x', scopes: [] }, op)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('revoke: revoked_at and is_active = false; the service and the check refuse it', async () => {
    const { key, secret } = await createApiKey(h.sequelize, { user: { id: alice.id }, name: 'to-revoke', scopes: ['read'] }, op);
    const n = (await events(h.db.url)).length;
    const r = await revokeApiKey(h.sequelize, key.id, { ...op, now: at(hours(1)) });
    expect(r).toMatchObject({ changed: true, key: { status: 'revoked', isActive: false, revokedAt: '2030-01-15T13:00:00.000000Z' } });
    expect(await serviceFinds(secret, at(hours(2)))).toEqual([]);
    expect((await checkApiKey(h.sequelize, secret, { now: at(hours(2)) })).reason).toBe('revoked');
    expect((await revokeApiKey(h.sequelize, key.id, op)).changed).toBe(false);
    const ev = (await events(h.db.url)).slice(n);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      action: 'api_keys.revoke',
      target_kind: 'api_key',
      target_id: key.id,
      before: { is_active: true, revoked_at: null, status: 'active', prefix: key.prefix },
      after: { is_active: false, revoked_at: '2030-01-15T13:00:00.000000Z', status: 'revoked' },
    });
  });

  it('rotate: same name and scopes; the old key works until the overlap ends, then expires', async () => {
    const { key: old, secret: oldSecret } = await createApiKey(
      h.sequelize,
      { user: { id: alice.id }, name: 'rotating', scopes: ['read', 'workflows'] },
      op,
    );
    const n = (await events(h.db.url)).length;
    const r = await rotateApiKey(h.sequelize, old.id, { overlapHours: 6 }, { ...op, now: at(days(1)) });
    expect(r.old).toMatchObject({ id: old.id, expiresAt: '2030-01-16T18:00:00.000000Z', rotatedTo: r.created.key.id, status: 'expiring' });
    expect(r.created.key).toMatchObject({
      name: 'rotating',
      scopes: ['read', 'workflows'],
      rotatedFrom: old.id,
      expiresAt: '2030-04-16T12:00:00.000000Z',
    }); // 90 days from the rotation
    expect(r.created.secret).not.toBe(oldSecret);
    const both = async (now: Date) => [
      (await checkApiKey(h.sequelize, oldSecret, { now })).reason,
      (await checkApiKey(h.sequelize, r.created.secret, { now })).reason,
    ];
    expect(await both(at(days(1) + hours(6) - 1))).toEqual([null, null]);
    expect(await serviceFinds(oldSecret, at(days(1) + hours(6) - 1))).toEqual([old.id]);
    expect(await both(at(days(1) + hours(6)))).toEqual(['expired', null]);
    expect(await serviceFinds(oldSecret, at(days(1) + hours(6)))).toEqual([]);
    expect(await serviceFinds(r.created.secret, at(days(1) + hours(6)))).toEqual([r.created.key.id]);
    // Rotating twice would leave two replacements: refused.
    await expect(rotateApiKey(h.sequelize, old.id, {}, op)).rejects.toMatchObject({ code: 'CONFLICT' });
    const ev = (await events(h.db.url)).slice(n);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      action: 'api_keys.rotate',
      target_id: old.id,
      before: { expires_at: '2030-04-15T12:00:00.000000Z', rotated_to: null },
      after: {
        expires_at: '2030-01-16T18:00:00.000000Z',
        rotated_to: r.created.key.id,
        overlap_hours: 6,
        new_key: { id: r.created.key.id, prefix: r.created.key.prefix },
      },
    });
    expect(JSON.stringify(ev)).not.toContain(r.created.secret);
  });

  it('rotate never extends an old key that expires before the overlap ends', async () => {
    const { key } = await createApiKey(h.sequelize, { user: { id: alice.id }, name: 'soon', scopes: ['read'], expiry: { days: 1 } }, op);
    const r = await rotateApiKey(h.sequelize, key.id, { overlapHours: 48 }, op);
    expect(r.old.expiresAt).toBe('2030-01-16T12:00:00.000000Z');
  });
});

describe('keys the service created', () => {
  it('check as valid and list correctly (no prefix, any string)', async () => {
    const serviceKey = crypto.randomBytes(32).toString('base64url'); // secrets.token_urlsafe(32): 43 characters
    expect(serviceKey).toHaveLength(43);
    const [{ id }] = await sql<{ id: string }>(
      h.db.url,
      `INSERT INTO api_keys (user_id, key_hash, name, scopes, expires_at)
       VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), 'service-made', ARRAY['read','governance'], NULL) RETURNING id`,
      [alice.id, serviceKey],
    );
    const check = await checkApiKey(h.sequelize, serviceKey, { now: T0 });
    expect(check).toMatchObject({
      valid: true,
      reason: null,
      userEmail: 'alice@example.org',
      scopes: ['read', 'governance'],
      key: { id, prefix: null, format: null },
    });
    const listed = (await listApiKeys(h.sequelize, { user: { id: alice.id } }, { now: T0 })).rows.find((k) => k.id === id);
    expect(listed).toMatchObject({ name: 'service-made', prefix: null, status: 'active', serviceAccepts: true, expiresAt: null });
    // A non-ASCII key hashes as UTF-8 on both sides.
    const odd = 'clé-€-🔑';
    await sql(
      h.db.url,
      "INSERT INTO api_keys (user_id, key_hash, name) VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), 'odd')",
      [alice.id, odd],
    );
    expect((await checkApiKey(h.sequelize, odd, { now: T0 })).valid).toBe(true);
  });

  it('report every reason: unknown, inactive, revoked, expired, user-disabled, bad-checksum', async () => {
    const bob = await createUser(h.sequelize, { email: 'bob@example.org', name: 'Bob' }, op);
    const insert = async (key: string, extra: { is_active?: boolean; revoked_at?: string | null; expires_at?: string | null }) =>
      sql(
        h.db.url,
        `INSERT INTO api_keys (user_id, key_hash, name, is_active, revoked_at, expires_at)
         VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), 'r', $3, $4, $5)`,
        [bob.id, key, extra.is_active ?? true, extra.revoked_at ?? null, extra.expires_at ?? null],
      );
    const k = (s: string) => `svc-${s}-${crypto.randomBytes(8).toString('hex')}`;
    const inactive = k('inactive');
    const revoked = k('revoked');
    const expired = k('expired');
    const userOff = k('user');
    await insert(inactive, { is_active: false });
    await insert(revoked, { is_active: true, revoked_at: '2030-01-01 00:00:00' });
    await insert(expired, { expires_at: '2030-01-15 12:00:00' });
    await insert(userOff, {});
    const reason = async (key: string) => (await checkApiKey(h.sequelize, key, { now: T0 })).reason;
    expect(await reason(k('nobody'))).toBe('unknown');
    expect(await reason(inactive)).toBe('inactive');
    expect(await reason(revoked)).toBe('revoked');
    expect(await reason(expired)).toBe('expired');
    expect(await reason(userOff)).toBe(null);
    await setUserActive(h.sequelize, { id: bob.id }, false, op);
    expect(await reason(userOff)).toBe('user-disabled'); // suspended with its user (keys-follow-user.test.ts)
    const { secret } = await createApiKey(h.sequelize, { user: { id: alice.id }, name: 'typo', scopes: ['read'] }, op);
    const typo = secret.slice(0, 20) + (secret[20] === 'a' ? 'b' : 'a') + secret.slice(21);
    expect(await checkApiKey(h.sequelize, typo, { now: T0 })).toEqual({
      valid: false,
      reason: 'bad-checksum',
      key: null,
      userEmail: null,
      scopes: [],
    });
    // The statuses in the list follow the same rules.
    const statuses = Object.fromEntries(
      (await listApiKeys(h.sequelize, { user: { id: bob.id } }, { now: T0 })).rows.map((r) => [
        r.id,
        [r.status, r.disabledBy, r.serviceAccepts],
      ]),
    );
    expect(Object.values(statuses).sort()).toEqual(
      [
        ['disabled', 'key', false],
        ['revoked', null, false],
        ['disabled', 'user', false], // expired and user disabled: "disabled" comes first
        ['disabled', 'user', false], // suspended with its user: the service refuses it too
      ].sort(),
    );
  });

  it('refuse creation and rotation for a disabled user', async () => {
    const carol = await createUser(h.sequelize, { email: 'carol@example.org', name: 'Carol' }, op);
    const { key } = await createApiKey(h.sequelize, { user: { id: carol.id }, name: 'c', scopes: ['read'] }, op);
    await setUserActive(h.sequelize, { id: carol.id }, false, op);
    await expect(createApiKey(h.sequelize, { user: { id: carol.id }, name: 'c2', scopes: ['read'] }, op)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(rotateApiKey(h.sequelize, key.id, {}, op)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('listing keys', () => {
  it('pages across users, newest first, with status filters and search', async () => {
    const dave = await createUser(h.sequelize, { email: 'dave@example.org', name: 'Dave' }, op);
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push(
        (await createApiKey(h.sequelize, { user: { id: dave.id }, name: `dave-${i}`, scopes: ['read'] }, { ...op, now: at(i) })).key.id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await listApiKeys(h.sequelize, { user: { email: 'dave@example.org' }, limit: 2, cursor }, { now: T0 });
      expect(p.total).toBe(5);
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const all = await listApiKeys(h.sequelize, { limit: 500 }, { now: T0 });
    expect(new Set(all.rows.map((r) => r.userEmail))).toEqual(
      new Set(['alice@example.org', 'bob@example.org', 'carol@example.org', 'dave@example.org']),
    );
    const revoked = await listApiKeys(h.sequelize, { status: 'revoked' }, { now: T0 });
    expect(revoked.rows.length).toBeGreaterThan(0);
    expect(revoked.rows.every((r) => r.status === 'revoked')).toBe(true);
    expect(revoked.total).toBe(revoked.rows.length);
    const search = await listApiKeys(h.sequelize, { search: 'DAVE-3' }, { now: T0 });
    expect(search.rows.map((r) => r.name)).toEqual(['dave-3']);
  });
});

describe('accountability', () => {
  it('records one event per change, with the operator and values before and after', async () => {
    const n = (await events(h.db.url)).length;
    const erin = await createUser(h.sequelize, { email: 'erin@example.org', name: 'Erin' }, op);
    await setUserRole(h.sequelize, { id: erin.id }, 'admin', op);
    const { key } = await createApiKey(h.sequelize, { user: { id: erin.id }, name: 'e', scopes: ['admin'] }, op);
    const rot = await rotateApiKey(h.sequelize, key.id, {}, op);
    await revokeApiKey(h.sequelize, rot.created.key.id, op);
    await setUserActive(h.sequelize, { id: erin.id }, false, op);
    await setUserActive(h.sequelize, { id: erin.id }, true, op);
    const ev = (await events(h.db.url)).slice(n);
    expect(ev.map((e) => [e.action, e.target_id])).toEqual([
      ['users.create', erin.id],
      ['users.set_role', erin.id],
      ['api_keys.create', key.id],
      ['api_keys.rotate', key.id],
      ['api_keys.revoke', rot.created.key.id],
      ['users.disable', erin.id],
      ['users.enable', erin.id],
    ]);
    expect(ev.every((e) => e.operator_name === OPERATOR.name && e.operator_email === OPERATOR.email)).toBe(true);
    expect(ev[1]).toMatchObject({ before: { role: 'user' }, after: { role: 'admin' } });
    expect(ev[2]).toMatchObject({
      before: null,
      after: { id: key.id, prefix: key.prefix, scopes: ['admin'], user_email: 'erin@example.org' },
    });
    for (const e of ev) {
      const text = JSON.stringify(e);
      expect(text).not.toMatch(/key_hash|aiwf_[0-9A-Za-z]{43}/);
    }
  });
});

describe('a read-only connection', () => {
  it('refuses every change with READ_ONLY, and reads still work', async () => {
    const ro = createSequelize({
      url: h.db.url,
      pool: { size: 2, maxOverflow: 0 },
      dialectOptions: { options: '-c default_transaction_read_only=on' },
    });
    try {
      const { key } = await createApiKey(h.sequelize, { user: { id: alice.id }, name: 'ro', scopes: ['read'] }, op);
      const n = (await events(h.db.url)).length;
      await expect(createUser(ro, { email: 'ro@example.org', name: 'RO' }, op)).rejects.toMatchObject({ code: 'READ_ONLY' });
      await expect(setUserActive(ro, { id: alice.id }, false, op)).rejects.toMatchObject({ code: 'READ_ONLY' });
      await expect(createApiKey(ro, { user: { id: alice.id }, name: 'x', scopes: ['read'] }, op)).rejects.toMatchObject({
        code: 'READ_ONLY',
      });
      await expect(revokeApiKey(ro, key.id, op)).rejects.toMatchObject({ code: 'READ_ONLY' });
      await expect(rotateApiKey(ro, key.id, {}, op)).rejects.toMatchObject({ code: 'READ_ONLY' });
      expect((await listApiKeys(ro, { user: { id: alice.id } }, { now: T0 })).total).toBeGreaterThan(0);
      expect((await events(h.db.url)).length).toBe(n);
      expect((await getApiKey(h.sequelize, key.id, { now: T0 })).status).toBe('active');
    } finally {
      await ro.close();
    }
  });
});
