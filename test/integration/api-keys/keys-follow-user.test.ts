import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApiKey } from '../../../src-main/domains/api-keys/check';
import { createApiKey, rotateApiKey } from '../../../src-main/domains/api-keys/issue';
import { getApiKey } from '../../../src-main/domains/api-keys/list';
import { revokeApiKey } from '../../../src-main/domains/api-keys/revoke';
import { bulkUpdateUsers } from '../../../src-main/domains/users/bulk';
import { createUser } from '../../../src-main/domains/users/create-update';
import { disableDormantUsers } from '../../../src-main/domains/users/dormant';
import { getUserDetail } from '../../../src-main/domains/users/detail';
import { setUserActive } from '../../../src-main/domains/users/activation';
import type { UserDto } from '../../../src-main/shared/model/users';
import { OPERATOR, T0, at, days, events, hours, sql, usersDatabase, type UsersDb } from '../users/support';

/**
 * The service authenticates a key without looking at users.is_active: disabling a user in the
 * console must switch the user's keys off at the service too, and enabling must bring back
 * exactly those.
 */

let h: UsersDb;
const op = { operator: OPERATOR, now: T0 };

beforeAll(async () => {
  h = await usersDatabase('keys_user');
});
afterAll(async () => {
  await h?.close();
});

/** The service's own check, verbatim: the server's clock, not the test's. */
const SERVICE_CHECK = `
  SELECT id FROM api_keys
   WHERE key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')
     AND is_active AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
/** The same rule at a chosen instant (for keys that expire while their user is disabled). */
const SERVICE_CHECK_AT = `
  SELECT id FROM api_keys
   WHERE key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')
     AND is_active AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamp)`;

const serviceFinds = async (key: string) => (await sql<{ id: string }>(h.db.url, SERVICE_CHECK, [key])).length === 1;
const serviceFindsAt = async (key: string, now: Date) =>
  (await sql<{ id: string }>(h.db.url, SERVICE_CHECK_AT, [key, now.toISOString().replace('T', ' ').replace('Z', '')])).length === 1;

let seq = 0;
const newUser = (label: string): Promise<UserDto> =>
  createUser(h.sequelize, { email: `${label}.${++seq}@keys.example.org`, name: label }, op);
const newKey = (user: UserDto, name: string, extra: { expiry?: { days: number } } = {}) =>
  createApiKey(h.sequelize, { user: { id: user.id }, name, scopes: ['read'], ...extra }, op);
const metadataOf = async (id: string) =>
  (await sql<{ metadata: Record<string, unknown> }>(h.db.url, 'SELECT metadata FROM api_keys WHERE id = $1', [id]))[0]!.metadata;
const eventsFor = async (action: string, targetId: string | null = null) =>
  (await events(h.db.url)).filter((e) => e.action === action && (targetId === null || e.target_id === targetId));

describe('disabling a user', () => {
  it('suspends their usable keys at the service, and enabling restores them', async () => {
    const u = await newUser('toggle');
    const a = await newKey(u, 'a');
    const b = await newKey(u, 'b');
    expect(await serviceFinds(a.secret)).toBe(true);

    const off = await setUserActive(h.sequelize, { id: u.id }, false, { ...op, now: at(hours(1)) });
    expect(off.changed).toBe(true);
    expect(off.user.isActive).toBe(false);
    expect(off.keys!.suspended.map((k) => k.id).sort()).toEqual([a.key.id, b.key.id].sort());
    expect(await serviceFinds(a.secret)).toBe(false);
    expect(await serviceFinds(b.secret)).toBe(false);
    expect(await metadataOf(a.key.id)).toEqual({
      prefix: a.key.prefix,
      format: 'aiwf-v1',
      suspended_with_user: '2030-01-15T13:00:00.000Z',
    });

    // The console says why: disabled by its user, and the check agrees.
    const dto = await getApiKey(h.sequelize, a.key.id, { now: at(hours(2)) });
    expect(dto).toMatchObject({
      status: 'disabled',
      disabledBy: 'user',
      isActive: false,
      serviceAccepts: false,
      suspendedWithUser: '2030-01-15T13:00:00.000Z',
    });
    expect(await checkApiKey(h.sequelize, a.secret, { now: at(hours(2)) })).toMatchObject({ valid: false, reason: 'user-disabled' });
    // Rotation of a suspended key is refused for its user, not for the key.
    await expect(rotateApiKey(h.sequelize, a.key.id, {}, op)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('enable the user'),
    });

    const on = await setUserActive(h.sequelize, { id: u.id }, true, { ...op, now: at(hours(3)) });
    expect(on.changed).toBe(true);
    expect(on.keys!.restored.map((k) => k.id).sort()).toEqual([a.key.id, b.key.id].sort());
    expect(on.keys!.notRestored).toEqual([]);
    expect(await serviceFinds(a.secret)).toBe(true);
    expect(await serviceFinds(b.secret)).toBe(true);
    expect(await metadataOf(a.key.id)).toEqual({ prefix: a.key.prefix, format: 'aiwf-v1' });
    expect(await getApiKey(h.sequelize, a.key.id, { now: at(hours(3)) })).toMatchObject({
      status: 'active',
      disabledBy: null,
      suspendedWithUser: null,
    });
    expect(await checkApiKey(h.sequelize, a.secret, { now: at(hours(3)) })).toMatchObject({ valid: true, reason: null });
  });

  it('records the switched keys (ids and prefixes, never secrets or hashes) in the same event', async () => {
    const u = await newUser('evented');
    const a = await newKey(u, 'a');
    await setUserActive(h.sequelize, { id: u.id }, false, op);
    await setUserActive(h.sequelize, { id: u.id }, true, { ...op, now: at(hours(1)) });
    const [disable] = await eventsFor('users.disable', u.id);
    const [enable] = await eventsFor('users.enable', u.id);
    const entry = { id: a.key.id, name: 'a', prefix: a.key.prefix };
    expect(disable).toMatchObject({
      target_kind: 'user',
      operator_name: OPERATOR.name,
      before: { email: u.email, is_active: true, api_keys: [{ ...entry, is_active: true }] },
      after: {
        email: u.email,
        is_active: false,
        api_keys: [{ ...entry, is_active: false, suspended_with_user: '2030-01-15T12:00:00.000Z' }],
      },
    });
    expect(enable).toMatchObject({
      before: { email: u.email, is_active: false, api_keys: [{ ...entry, suspended_with_user: '2030-01-15T12:00:00.000Z' }] },
      after: { email: u.email, is_active: true, api_keys: [{ ...entry, is_active: true }], api_keys_not_restored: [] },
    });
    // One event per change: no separate key events.
    expect(await eventsFor('api_keys.revoke', a.key.id)).toEqual([]);
    const text = JSON.stringify([disable, enable]);
    expect(text).not.toContain(a.secret);
    expect(text).not.toContain(crypto.createHash('sha256').update(a.secret, 'utf8').digest('hex'));
  });

  it('leaves keys switched off on their own off, and does not restore keys revoked or expired meanwhile', async () => {
    const u = await newUser('mixed');
    const kept = await newKey(u, 'kept');
    const offBefore = await newKey(u, 'off-before');
    const revokedBefore = await newKey(u, 'revoked-before');
    const revokedDuring = await newKey(u, 'revoked-during');
    const expiresDuring = await newKey(u, 'expires-during', { expiry: { days: 30 } });
    // Switched off individually (as the service or an operator would) and revoked, before.
    await sql(h.db.url, 'UPDATE api_keys SET is_active = false WHERE id = $1', [offBefore.key.id]);
    await revokeApiKey(h.sequelize, revokedBefore.key.id, op);

    const off = await setUserActive(h.sequelize, { id: u.id }, false, { ...op, now: at(days(1)) });
    expect(off.keys!.suspended.map((k) => k.name).sort()).toEqual(['expires-during', 'kept', 'revoked-during']);
    expect(await metadataOf(offBefore.key.id)).not.toHaveProperty('suspended_with_user');
    expect(await getApiKey(h.sequelize, offBefore.key.id, { now: at(days(1)) })).toMatchObject({ status: 'disabled', disabledBy: 'key' });
    expect((await checkApiKey(h.sequelize, offBefore.secret, { now: at(days(1)) })).reason).toBe('inactive');

    // While the user is disabled: one key is revoked, another one expires.
    await revokeApiKey(h.sequelize, revokedDuring.key.id, { ...op, now: at(days(2)) });
    const enableAt = at(days(40));
    const on = await setUserActive(h.sequelize, { id: u.id }, true, { ...op, now: enableAt });
    expect(on.keys!.restored.map((k) => k.name)).toEqual(['kept']);
    expect(on.keys!.notRestored.map((k) => [k.name, k.reason]).sort()).toEqual([
      ['expires-during', 'expired'],
      ['revoked-during', 'revoked'],
    ]);

    const found = async (secret: string) => serviceFindsAt(secret, enableAt);
    expect(await found(kept.secret)).toBe(true);
    expect(await found(offBefore.secret)).toBe(false);
    expect(await found(revokedBefore.secret)).toBe(false);
    expect(await found(revokedDuring.secret)).toBe(false);
    expect(await found(expiresDuring.secret)).toBe(false);
    const state = await sql<{ name: string; is_active: boolean; marked: boolean }>(
      h.db.url,
      "SELECT name, is_active, metadata ? 'suspended_with_user' AS marked FROM api_keys WHERE user_id = $1 ORDER BY name",
      [u.id],
    );
    expect(state).toEqual([
      { name: 'expires-during', is_active: false, marked: false },
      { name: 'kept', is_active: true, marked: false },
      { name: 'off-before', is_active: false, marked: false },
      { name: 'revoked-before', is_active: false, marked: false },
      { name: 'revoked-during', is_active: false, marked: false },
    ]);
    const statuses = Object.fromEntries(
      (await getUserDetail(h.sequelize, { id: u.id }, { now: enableAt })).keys.map((k) => [k.name, [k.status, k.disabledBy]]),
    );
    expect(statuses).toEqual({
      kept: ['active', null],
      'off-before': ['disabled', 'key'],
      'revoked-before': ['revoked', null],
      'revoked-during': ['revoked', null],
      'expires-during': ['disabled', 'key'],
    });
    const [enable] = await eventsFor('users.enable', u.id);
    expect(
      (enable!.after as { api_keys_not_restored: { name: string; reason: string }[] }).api_keys_not_restored
        .map((k) => [k.name, k.reason])
        .sort(),
    ).toEqual([
      ['expires-during', 'expired'],
      ['revoked-during', 'revoked'],
    ]);
  });

  it('restores a rotated key that is still in its overlap', async () => {
    const u = await newUser('overlap');
    const old = await newKey(u, 'rotating');
    const r = await rotateApiKey(h.sequelize, old.key.id, { overlapHours: 24 }, op);
    const off = await setUserActive(h.sequelize, { id: u.id }, false, { ...op, now: at(hours(1)) });
    expect(off.keys!.suspended.map((k) => k.id).sort()).toEqual([old.key.id, r.created.key.id].sort());
    await setUserActive(h.sequelize, { id: u.id }, true, { ...op, now: at(hours(2)) });
    expect(await serviceFindsAt(old.secret, at(hours(2)))).toBe(true);
    expect(await serviceFindsAt(old.secret, at(hours(24)))).toBe(false); // the overlap still ends
    expect(await serviceFindsAt(r.created.secret, at(hours(24)))).toBe(true);
  });

  it('suspends the keys of a user disabled behind its back, and nothing when there is nothing to do', async () => {
    const u = await newUser('legacy');
    const a = await newKey(u, 'a');
    await sql(h.db.url, 'UPDATE users SET is_active = false WHERE id = $1', [u.id]);
    expect(await serviceFinds(a.secret)).toBe(true); // the gap: the service ignores users.is_active
    // The console shows it as disabled by its user, though the service still accepts it.
    expect(await checkApiKey(h.sequelize, a.secret, { now: T0 })).toMatchObject({
      reason: 'user-disabled',
      key: { status: 'disabled', disabledBy: 'user', serviceAccepts: true, suspendedWithUser: null },
    });
    const r = await setUserActive(h.sequelize, { id: u.id }, false, op);
    expect(r).toMatchObject({ changed: true, user: { isActive: false } });
    expect(await serviceFinds(a.secret)).toBe(false);
    const [ev] = await eventsFor('users.disable', u.id);
    expect(ev).toMatchObject({
      before: { is_active: false, api_keys: [{ id: a.key.id }] },
      after: { is_active: false, api_keys: [{ id: a.key.id }] },
    });
    const again = await setUserActive(h.sequelize, { id: u.id }, false, op);
    expect(again).toMatchObject({ changed: false, keys: { suspended: [], restored: [], notRestored: [] } });
    expect(await eventsFor('users.disable', u.id)).toHaveLength(1);
  });

  it('changes nothing, keys included, when the transaction fails', async () => {
    const u = await newUser('atomic');
    const a = await newKey(u, 'a');
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(bulkUpdateUsers(h.sequelize, [u.id, missing], { action: 'disable' }, op)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await serviceFinds(a.secret)).toBe(true);
    expect(await metadataOf(a.key.id)).not.toHaveProperty('suspended_with_user');
  });
});

describe('bulk disable and enable', () => {
  it('switch every selected user’s keys in one transaction and one event', async () => {
    const u1 = await newUser('bulk');
    const u2 = await newUser('bulk');
    const u3 = await newUser('bulk'); // no keys
    const k1 = await newKey(u1, 'k1');
    const k2 = await newKey(u2, 'k2');
    const k2off = await newKey(u2, 'k2-off');
    await sql(h.db.url, 'UPDATE api_keys SET is_active = false WHERE id = $1', [k2off.key.id]);

    const off = await bulkUpdateUsers(h.sequelize, [u1.id, u2.id, u3.id], { action: 'disable' }, op);
    expect(off.changedIds.sort()).toEqual([u1.id, u2.id, u3.id].sort());
    expect(off.keys!.suspended.map((k) => k.id).sort()).toEqual([k1.key.id, k2.key.id].sort());
    for (const s of [k1.secret, k2.secret, k2off.secret]) expect(await serviceFinds(s)).toBe(false);
    const [bulkOff] = await eventsFor('users.bulk_disable');
    expect(bulkOff).toMatchObject({ target_id: null, after: { is_active: false, count: 3 } });
    expect(
      (bulkOff!.after as { api_keys: { id: string; user_id: string; prefix: string; is_active: boolean }[] }).api_keys
        .map((k) => [k.id, k.user_id, k.prefix, k.is_active])
        .sort(),
    ).toEqual(
      [
        [k1.key.id, u1.id, k1.key.prefix, false],
        [k2.key.id, u2.id, k2.key.prefix, false],
      ].sort(),
    );
    expect((bulkOff!.before as { api_keys: unknown[] }).api_keys).toHaveLength(2);

    const on = await bulkUpdateUsers(h.sequelize, [u1.id, u2.id, u3.id], { action: 'enable' }, { ...op, now: at(hours(1)) });
    expect(on.changedIds).toHaveLength(3);
    expect(on.keys!.restored.map((k) => k.id).sort()).toEqual([k1.key.id, k2.key.id].sort());
    expect(await serviceFinds(k1.secret)).toBe(true);
    expect(await serviceFinds(k2.secret)).toBe(true);
    expect(await serviceFinds(k2off.secret)).toBe(false); // was off on its own
    const [bulkOn] = await eventsFor('users.bulk_enable');
    expect(bulkOn).toMatchObject({ after: { is_active: true, count: 3, api_keys_not_restored: [] } });
    expect((bulkOn!.after as { api_keys: unknown[] }).api_keys).toHaveLength(2);

    // Role changes leave keys alone.
    const roles = await bulkUpdateUsers(h.sequelize, [u1.id], { action: 'set-role', role: 'sre' }, op);
    expect(roles.keys).toBeUndefined();
    expect(await serviceFinds(k1.secret)).toBe(true);
  });

  it('disabling dormant users suspends their keys too', async () => {
    const [{ id }] = await sql<{ id: string }>(
      h.db.url,
      "INSERT INTO users (email, name, created_at) VALUES ('sleepy@keys.example.org', 'Sleepy', '2029-01-01') RETURNING id",
    );
    const serviceKey = crypto.randomBytes(32).toString('base64url');
    const [{ id: keyId }] = await sql<{ id: string }>(
      h.db.url,
      "INSERT INTO api_keys (user_id, key_hash, name, created_at) VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), 'svc', '2029-01-01') RETURNING id",
      [id, serviceKey],
    );
    expect(await serviceFinds(serviceKey)).toBe(true);
    const r = await disableDormantUsers(h.sequelize, { days: 90, userIds: [id] }, op);
    expect(r.changedIds).toEqual([id]);
    expect(r.keys!.suspended).toEqual([{ id: keyId, userId: id, name: 'svc', prefix: null, suspendedAt: T0.toISOString() }]);
    expect(await serviceFinds(serviceKey)).toBe(false);
    const ev = (await eventsFor('users.bulk_disable')).find((e) => (e.after as { reason?: string }).reason === 'dormant for 90 days');
    expect(ev).toMatchObject({ after: { count: 1, api_keys: [{ id: keyId, user_id: id, prefix: null, is_active: false }] } });

    await setUserActive(h.sequelize, { id }, true, op);
    expect(await serviceFinds(serviceKey)).toBe(true);
    expect(await metadataOf(keyId)).toEqual({});
  });
});
