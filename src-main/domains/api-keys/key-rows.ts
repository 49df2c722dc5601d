/** How an api_keys row is read and shown: its derived status (see model/api-keys.ts ApiKeyStatus), the DTO, the snapshot kept in console_events. */
import type { Sequelize, Transaction } from 'sequelize';
import { AppError } from '../../shared/errors';
import { type ApiKeyStatus } from '../../shared/model/vocabulary';
import { EXPIRING_WITHIN_DAYS, type ApiKeyDto } from '../../shared/model/api-keys';
import { isoSql, pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params } from '../../platform/db/sql/params';
import { select } from '../../platform/db/sql/query';
import { SUSPENDED_WITH_USER } from './suspension';

/** The status rule (see ApiKeyStatus), with `$now` a bound TIMESTAMP parameter. */
export function statusSql(now: string): string {
  return `CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
       WHEN k.is_active IS NOT TRUE OR u.is_active IS NOT TRUE THEN 'disabled'
       WHEN k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp THEN 'expired'
       WHEN k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp + interval '${EXPIRING_WITHIN_DAYS} days' THEN 'expiring'
       ELSE 'active' END`;
}

export function serviceAcceptsSql(now: string): string {
  return `(k.is_active IS TRUE AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${now}::timestamp))`;
}

export function keyColumns(now: string): string {
  return `k.id, k.user_id, u.email AS user_email, u.name AS user_name, u.is_active IS TRUE AS user_active, k.name, k.scopes,
    k.is_active IS TRUE AS is_active, ${isoSql('k.created_at')} AS created_at, ${isoSql('k.expires_at')} AS expires_at,
    ${isoSql('k.last_used_at')} AS last_used_at, ${isoSql('k.revoked_at')} AS revoked_at,
    k.metadata->>'prefix' AS prefix, k.metadata->>'format' AS format,
    k.metadata->>'rotated_from' AS rotated_from, k.metadata->>'rotated_to' AS rotated_to,
    k.metadata->>'${SUSPENDED_WITH_USER}' AS suspended_with_user,
    ${statusSql(now)} AS status, ${serviceAcceptsSql(now)} AS service_accepts,
    (k.expires_at IS NOT NULL AND k.expires_at <= ${now}::timestamp) AS expired`;
}

export interface KeyRow {
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
export function disabledByOf(r: KeyRow): ApiKeyDto['disabledBy'] {
  if (r.status !== 'disabled') return null;
  if (r.is_active) return 'user';
  return r.suspended_with_user !== null ? 'user' : 'key';
}

export function toKeyDto(r: KeyRow): ApiKeyDto {
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
export function keySnapshot(k: ApiKeyDto): Record<string, unknown> {
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

export async function loadKey(sequelize: Sequelize, id: string, now: Date, t: Transaction | null, lock = false): Promise<ApiKeyDto> {
  const p = new Params();
  const nowParam = p.add(pgTimestamp(now));
  const sql = `SELECT ${keyColumns(nowParam)} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ${p.add(id)}::uuid${lock ? ' FOR UPDATE OF k' : ''}`;
  const [row] = await select<KeyRow>(sequelize, sql, p.values, t);
  if (!row) throw new AppError('NOT_FOUND', `No API key with id ${id}.`);
  return toKeyDto(row);
}

// ---------- validation ----------
