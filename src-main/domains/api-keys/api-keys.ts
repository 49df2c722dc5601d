import type { Sequelize, Transaction } from 'sequelize';
import { API_KEY_SCOPES } from '../../shared/model/vocabulary';
import { API_KEY_FORMAT, apiKeyDisplayPrefix, apiKeyHash, generateApiKey, keyFormatVerdict } from '../../integrity/api-key-format';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { API_KEY_STATUSES, type ApiKeyStatus } from '../../shared/model/vocabulary';
import { EXPIRING_WITHIN_DAYS, type ApiKeyCheckResult, type ApiKeyCreated, type ApiKeyCreateInput, type ApiKeyDto, type ApiKeyExpiry, type ApiKeyListQuery, type ApiKeyPage, type ApiKeyRevokeResult, type ApiKeyRotated, type ApiKeyRotateInput } from '../../shared/model/api-keys';
import { recordEvent } from '../console-events/events';
import type { ApiKeyScope } from '../../shared/model/vocabulary';
import type { SuspendedKeyRef, UserKeysChange } from '../../shared/model/users';
import { ISO_TS_RE, isoSql, isoToPg, pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params, clampLimit, containsPattern } from '../../platform/db/sql/params';
import { checkUuid } from '../../platform/db/sql/values';
import { decodeCursor, encodeCursor } from '../../platform/db/sql/cursor';
import { inTransaction } from '../../platform/db/transaction';
import { keysetPage } from '../../platform/db/sql/keyset';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions, type WriteOptions } from '../../platform/db/sql/options';
import { resolveUser } from '../users/user-rows';

/**
 * API keys (table `api_keys`), compatible with the service: it finds a key by the hex SHA-256
 * of the presented string in key_hash and accepts it when is_active is true, revoked_at is
 * NULL and expires_at is NULL or later than now. Keys created here follow the aiwf-v1 format
 * (integrity/api-key-format.ts); only the hash and the 12-character display prefix are
 * stored. The secret is returned once by create/rotate and is never logged, recorded or sent
 * to the database server.
 *
 * The service never looks at users.is_active: disabling a user here suspends the user's
 * usable keys with it (suspendUserKeys), and re-enabling restores them (restoreUserKeys).
 */

export const DEFAULT_EXPIRY_DAYS = LIMITS.keyExpiryDays.default;
export const DEFAULT_OVERLAP_HOURS = LIMITS.keyOverlapHours.default;
export const MAX_EXPIRY_DAYS = LIMITS.keyExpiryDays.max;
export const MAX_OVERLAP_HOURS = LIMITS.keyOverlapHours.max;
/** The metadata key that marks a key suspended because its user was disabled (value: ISO time). */
export const SUSPENDED_WITH_USER = 'suspended_with_user';

/** The status rule (see ApiKeyStatus), with `$now` a bound TIMESTAMP parameter. */
function statusSql(now: string): string {
  return `CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
       WHEN k.is_active IS NOT TRUE OR u.is_active IS NOT TRUE THEN 'disabled'
       WHEN k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp THEN 'expired'
       WHEN k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp + interval '${EXPIRING_WITHIN_DAYS} days' THEN 'expiring'
       ELSE 'active' END`;
}

function serviceAcceptsSql(now: string): string {
  return `(k.is_active IS TRUE AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${now}::timestamp))`;
}

function keyColumns(now: string): string {
  return `k.id, k.user_id, u.email AS user_email, u.name AS user_name, u.is_active IS TRUE AS user_active, k.name, k.scopes,
    k.is_active IS TRUE AS is_active, ${isoSql('k.created_at')} AS created_at, ${isoSql('k.expires_at')} AS expires_at,
    ${isoSql('k.last_used_at')} AS last_used_at, ${isoSql('k.revoked_at')} AS revoked_at,
    k.metadata->>'prefix' AS prefix, k.metadata->>'format' AS format,
    k.metadata->>'rotated_from' AS rotated_from, k.metadata->>'rotated_to' AS rotated_to,
    k.metadata->>'${SUSPENDED_WITH_USER}' AS suspended_with_user,
    ${statusSql(now)} AS status, ${serviceAcceptsSql(now)} AS service_accepts,
    (k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp) AS expired`;
}

interface KeyRow {
  id: string;
  user_id: string;
  user_email: string;
  user_name: string;
  user_active: boolean;
  name: string;
  scopes: string[] | null;
  is_active: boolean;
  created_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  prefix: string | null;
  format: string | null;
  rotated_from: string | null;
  rotated_to: string | null;
  suspended_with_user: string | null;
  status: ApiKeyStatus;
  service_accepts: boolean;
  expired: boolean;
}

/**
 * Who disabled a key: its user when the key was suspended with the user (is_active false and
 * marked) or when the key is active but its user is not; otherwise the key itself.
 */
function disabledByOf(r: KeyRow): ApiKeyDto['disabledBy'] {
  if (r.status !== 'disabled') return null;
  if (r.is_active) return 'user';
  return r.suspended_with_user !== null ? 'user' : 'key';
}

function toKeyDto(r: KeyRow): ApiKeyDto {
  return {
    id: r.id,
    userId: r.user_id,
    userEmail: r.user_email,
    userName: r.user_name,
    userActive: r.user_active,
    name: r.name,
    prefix: r.prefix,
    format: r.format,
    scopes: r.scopes ?? [],
    status: r.status,
    disabledBy: disabledByOf(r),
    suspendedWithUser: r.suspended_with_user,
    serviceAccepts: r.service_accepts,
    isActive: r.is_active,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    rotatedFrom: r.rotated_from,
    rotatedTo: r.rotated_to,
  };
}

/** What console_events keeps about a key: never the secret, nor its hash. */
function keySnapshot(k: ApiKeyDto): Record<string, unknown> {
  return {
    id: k.id,
    user_id: k.userId,
    user_email: k.userEmail,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    is_active: k.isActive,
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
  };
}

async function loadKey(sequelize: Sequelize, id: string, now: Date, t: Transaction | null, lock = false): Promise<ApiKeyDto> {
  const p = new Params();
  const nowParam = p.add(pgTimestamp(now));
  const sql = `SELECT ${keyColumns(nowParam)} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ${p.add(id)}::uuid${lock ? ' FOR UPDATE OF k' : ''}`;
  const [row] = await select<KeyRow>(sequelize, sql, p.values, t);
  if (!row) throw new AppError('NOT_FOUND', `No API key with id ${id}.`);
  return toKeyDto(row);
}

// ---------- validation ----------

export function checkScopes(scopes: unknown): ApiKeyScope[] {
  if (!Array.isArray(scopes) || scopes.length === 0) throw new AppError('VALIDATION', `Give at least one scope: ${API_KEY_SCOPES.join(', ')}.`);
  const bad = scopes.filter((s) => typeof s !== 'string' || !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (bad.length) throw new AppError('VALIDATION', `Unknown scope(s) ${bad.map((s) => `"${String(s).slice(0, 30)}"`).join(', ')}: scopes are ${API_KEY_SCOPES.join(', ')}.`);
  // Canonical order, no repeats.
  return API_KEY_SCOPES.filter((s) => scopes.includes(s));
}

function checkKeyName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new AppError('VALIDATION', 'A key needs a name.');
  const trimmed = name.trim();
  if (trimmed.length > 100) throw new AppError('VALIDATION', 'A key name is at most 100 characters.');
  return trimmed;
}

/** The expiry instant for `now`: null for never (only when asked for explicitly). */
export function expiryOf(expiry: ApiKeyExpiry | undefined, now: Date): Date | null {
  if (expiry === undefined) return new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * 86_400_000);
  if ('never' in expiry) {
    if (expiry.never !== true) throw new AppError('VALIDATION', 'A key that never expires needs { never: true }.');
    return null;
  }
  const days = expiry.days;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw new AppError('VALIDATION', `The expiry is a whole number of days from 1 to ${MAX_EXPIRY_DAYS} (or never, explicitly).`);
  }
  return new Date(now.getTime() + days * 86_400_000);
}

// ---------- listing ----------

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

const INSERT_KEY = `
  INSERT INTO api_keys (user_id, key_hash, name, scopes, is_active, expires_at, created_at, metadata)
  VALUES ($1::uuid, $2, $3, $4::text[], true, $5::timestamp, $6::timestamp, $7::jsonb)
  RETURNING id`;

async function insertKey(
  sequelize: Sequelize,
  t: Transaction,
  userId: string,
  name: string,
  scopes: string[],
  expiresAt: Date | null,
  now: Date,
  extra: Record<string, unknown>,
  generate: () => string,
): Promise<ApiKeyCreated> {
  const secret = generate();
  const prefix = apiKeyDisplayPrefix(secret);
  const metadata = { prefix, format: API_KEY_FORMAT, ...extra };
  const [row] = await select<{ id: string }>(
    sequelize,
    INSERT_KEY,
    [userId, apiKeyHash(secret), name, scopes, expiresAt ? pgTimestamp(expiresAt) : null, pgTimestamp(now), JSON.stringify(metadata)],
    t,
  );
  return { key: await loadKey(sequelize, row!.id, now, t), secret };
}

export interface KeyWriteOptions extends WriteOptions {
  /** The key generator (tests only); default: 32 bytes from the OS CSPRNG in aiwf-v1 format. */
  generate?: () => string;
}

/**
 * Creates a key for an active user (CONFLICT for a disabled one): the secret is returned once,
 * only its SHA-256 and display prefix are stored. Expiry defaults to 90 days.
 */
export async function createApiKey(sequelize: Sequelize, input: ApiKeyCreateInput, options: KeyWriteOptions): Promise<ApiKeyCreated> {
  const name = checkKeyName(input.name);
  const scopes = checkScopes(input.scopes ?? ['read']);
  const now = nowOf(options);
  const expiresAt = expiryOf(input.expiry, now);
  return inTransaction(sequelize, async (t) => {
    const user = await resolveUser(sequelize, input.user, { transaction: t, lock: true });
    if (!user.isActive) throw new AppError('CONFLICT', `${user.email} is disabled: enable the user before giving them a key.`);
    const created = await insertKey(sequelize, t, user.id, name, scopes, expiresAt, now, {}, options.generate ?? (() => generateApiKey()));
    await recordEvent(
      { sequelize, transaction: t },
      { operator: options.operator, action: 'api_keys.create', targetKind: 'api_key', targetId: created.key.id, before: null, after: keySnapshot(created.key) },
    );
    return created;
  });
}

/** Revokes a key: revoked_at = now, is_active = false. A key revoked already is left as it is. */
export async function revokeApiKey(sequelize: Sequelize, id: string, options: WriteOptions): Promise<ApiKeyRevokeResult> {
  const keyId = checkUuid(id, 'An API key id');
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    const before = await loadKey(sequelize, keyId, now, t, true);
    if (before.revokedAt) return { key: before, changed: false };
    await execute(sequelize, 'UPDATE api_keys SET revoked_at = $2::timestamp, is_active = false WHERE id = $1::uuid', [keyId, pgTimestamp(now)], t);
    const key = await loadKey(sequelize, keyId, now, t);
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: 'api_keys.revoke',
        targetKind: 'api_key',
        targetId: keyId,
        before: { ...keySnapshot(before), status: before.status },
        after: { ...keySnapshot(key), status: key.status },
      },
    );
    return { key, changed: true };
  });
}

/**
 * Rotates a key: a replacement with the same user, name and scopes (expiry default 90 days),
 * and the old key keeps working until now + overlap (default 24 h) — or until its own expiry
 * if that comes first — then is expired. Refused (CONFLICT) for a revoked or inactive key, a
 * disabled user, or a key rotated already.
 */
export async function rotateApiKey(sequelize: Sequelize, id: string, input: ApiKeyRotateInput, options: KeyWriteOptions): Promise<ApiKeyRotated> {
  const keyId = checkUuid(id, 'An API key id');
  const overlapHours = input.overlapHours ?? DEFAULT_OVERLAP_HOURS;
  if (typeof overlapHours !== 'number' || !Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw new AppError('VALIDATION', `The overlap is a number of hours from 0 to ${MAX_OVERLAP_HOURS}.`);
  }
  const now = nowOf(options);
  const newExpiry = expiryOf(input.expiry, now);
  return inTransaction(sequelize, async (t) => {
    const old = await loadKey(sequelize, keyId, now, t, true);
    if (old.revokedAt) throw new AppError('CONFLICT', `Key ${keyId} is revoked: create a new key instead.`);
    if (!old.isActive && old.suspendedWithUser) {
      throw new AppError('CONFLICT', `${old.userEmail} is disabled (key ${keyId} is suspended with them): enable the user before rotating their key.`);
    }
    if (!old.isActive) throw new AppError('CONFLICT', `Key ${keyId} is inactive: create a new key instead.`);
    if (old.rotatedTo) throw new AppError('CONFLICT', `Key ${keyId} was rotated already (replacement ${old.rotatedTo}).`);
    const user = await resolveUser(sequelize, { id: old.userId }, { transaction: t, lock: true });
    if (!user.isActive) throw new AppError('CONFLICT', `${user.email} is disabled: enable the user before rotating their key.`);

    const overlapEnd = new Date(now.getTime() + Math.round(overlapHours * 3_600_000));
    const created = await insertKey(sequelize, t, old.userId, old.name, old.scopes, newExpiry, now, { rotated_from: keyId }, options.generate ?? (() => generateApiKey()));
    await execute(
      sequelize,
      `UPDATE api_keys
          SET expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < $2::timestamp THEN expires_at ELSE $2::timestamp END,
              metadata = coalesce(metadata, '{}'::jsonb) || jsonb_build_object('rotated_to', $3::text, 'rotated_at', $4::text)
        WHERE id = $1::uuid`,
      [keyId, pgTimestamp(overlapEnd), created.key.id, now.toISOString()],
      t,
    );
    const after = await loadKey(sequelize, keyId, now, t);
    await recordEvent(
      { sequelize, transaction: t },
      {
        operator: options.operator,
        action: 'api_keys.rotate',
        targetKind: 'api_key',
        targetId: keyId,
        before: { ...keySnapshot(old), rotated_to: null },
        after: { ...keySnapshot(after), rotated_to: created.key.id, overlap_hours: overlapHours, new_key: keySnapshot(created.key) },
      },
    );
    return { old: after, created };
  });
}

// ---------- check ----------

/**
 * Checks a presented key without storing or logging it: an aiwf_ key with a wrong checksum is
 * refused before any database access; otherwise only the SHA-256 (computed here) is sent to
 * the server. Read-only: last_used_at is not touched, nothing is recorded.
 */
export async function checkApiKey(sequelize: Sequelize, key: string, options: ReadOptions = {}): Promise<ApiKeyCheckResult> {
  if (typeof key !== 'string' || key.length === 0) throw new AppError('VALIDATION', 'No key given.');
  if (key.length > LIMITS.apiKeyLength) throw new AppError('VALIDATION', 'That is too long to be an API key.');
  const invalid = (reason: ApiKeyCheckResult['reason'], found: ApiKeyDto | null = null): ApiKeyCheckResult => ({
    valid: false,
    reason,
    key: found,
    userEmail: found?.userEmail ?? null,
    scopes: found?.scopes ?? [],
  });
  if (keyFormatVerdict(key) === 'bad-checksum') return invalid('bad-checksum');
  const now = nowOf(options);
  const hash = apiKeyHash(key);
  return mapped(async () => {
    const p = new Params();
    const nowParam = p.add(pgTimestamp(now));
    const sql = `SELECT ${keyColumns(nowParam)} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ${p.add(hash)}`;
    const [row] = await select<KeyRow>(sequelize, sql, p.values);
    if (!row) return invalid('unknown');
    const found = toKeyDto(row);
    if (row.revoked_at) return invalid('revoked', found);
    if (!row.is_active) return invalid(row.suspended_with_user !== null ? 'user-disabled' : 'inactive', found);
    if (row.expired) return invalid('expired', found);
    if (!row.user_active) return invalid('user-disabled', found);
    return { valid: true, reason: null, key: found, userEmail: found.userEmail, scopes: found.scopes };
  });
}

// ---------- keys follow their user ----------

interface SwitchedKeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string | null;
  since: string | null;
  not_restored: 'revoked' | 'expired' | null;
}

const SUSPEND_KEYS = `
  UPDATE api_keys k
     SET is_active = false,
         metadata = coalesce(k.metadata, '{}'::jsonb) || jsonb_build_object('${SUSPENDED_WITH_USER}', $2::text)
   WHERE k.user_id = ANY($1::uuid[])
     AND k.is_active IS TRUE AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $3::timestamp)
  RETURNING k.id, k.user_id, k.name, k.metadata->>'prefix' AS prefix, $2::text AS since, NULL::text AS not_restored`;

// The self-join keeps the mark's value (when the key was suspended) for the result.
const RESTORE_KEYS = `
  UPDATE api_keys k
     SET is_active = CASE WHEN k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2::timestamp) THEN true ELSE k.is_active END,
         metadata = k.metadata - '${SUSPENDED_WITH_USER}'
    FROM (SELECT id, metadata->>'${SUSPENDED_WITH_USER}' AS since FROM api_keys
           WHERE user_id = ANY($1::uuid[]) AND metadata->>'${SUSPENDED_WITH_USER}' IS NOT NULL) o
   WHERE k.id = o.id AND k.metadata->>'${SUSPENDED_WITH_USER}' IS NOT NULL
  RETURNING k.id, k.user_id, k.name, k.metadata->>'prefix' AS prefix, o.since,
            CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN k.expires_at IS NOT NULL AND k.expires_at <= $2::timestamp THEN 'expired' END AS not_restored`;

function keyRef(r: SwitchedKeyRow): SuspendedKeyRef {
  return { id: r.id, userId: r.user_id, name: r.name, prefix: r.prefix, suspendedAt: r.since };
}

function byUserThenId(a: SwitchedKeyRow, b: SwitchedKeyRow): number {
  return a.user_id === b.user_id ? (a.id < b.id ? -1 : 1) : a.user_id < b.user_id ? -1 : 1;
}

/** Nothing switched. */
export function noKeyChange(): UserKeysChange {
  return { suspended: [], restored: [], notRestored: [] };
}

/**
 * Suspends, in the caller's transaction, every key of these users that the service would
 * accept at `now` (is_active, not revoked, not expired): is_active = false and
 * metadata.suspended_with_user = now (ISO). Keys already off, revoked or expired are left
 * as they are. The caller holds the users' row locks and records the event.
 */
export async function suspendUserKeys(sequelize: Sequelize, t: Transaction, userIds: readonly string[], now: Date): Promise<UserKeysChange> {
  if (!userIds.length) return noKeyChange();
  const rows = await select<SwitchedKeyRow>(sequelize, SUSPEND_KEYS, [userIds, now.toISOString(), pgTimestamp(now)], t);
  return { ...noKeyChange(), suspended: rows.sort(byUserThenId).map(keyRef) };
}

/**
 * Restores, in the caller's transaction, the keys of these users that were suspended with
 * them (metadata.suspended_with_user): is_active = true and the mark removed — unless the key
 * was revoked or has expired at `now`: then it stays off (only the mark goes) and is listed
 * in notRestored with the reason.
 */
export async function restoreUserKeys(sequelize: Sequelize, t: Transaction, userIds: readonly string[], now: Date): Promise<UserKeysChange> {
  if (!userIds.length) return noKeyChange();
  const rows = (await select<SwitchedKeyRow>(sequelize, RESTORE_KEYS, [userIds, pgTimestamp(now)], t)).sort(byUserThenId);
  return {
    suspended: [],
    restored: rows.filter((r) => r.not_restored === null).map(keyRef),
    notRestored: rows.filter((r) => r.not_restored !== null).map((r) => ({ ...keyRef(r), reason: r.not_restored! })),
  };
}
