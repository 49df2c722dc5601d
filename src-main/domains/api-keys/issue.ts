/**
 * Issuing keys (create, rotate), compatible with the service: it finds a key by the hex SHA-256
 * of the presented string in key_hash and accepts it when is_active is true, revoked_at is
 * NULL and expires_at is NULL or later than now. Keys created here follow the aiwf-v1 format
 * (integrity/api-key-format.ts); only the hash and the 12-character display prefix are
 * stored. The secret is returned once by create/rotate and is never logged, recorded or sent
 * to the database server.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { API_KEY_FORMAT, apiKeyDisplayPrefix, apiKeyHash, generateApiKey } from '../../integrity/api-key-format';
import { AppError } from '../../shared/errors';
import type { ApiKeyCreated, ApiKeyCreateInput, ApiKeyRotated, ApiKeyRotateInput } from '../../shared/model/api-keys';
import { recordEvent } from '../../schema/console-events';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { checkUuid } from '../../platform/db/sql/values';
import { inTransaction } from '../../platform/db/transaction';
import { execute, select } from '../../platform/db/sql/query';
import { nowOf, type WriteOptions } from '../../platform/db/sql/options';
import { resolveUser } from '../users/user-rows';
import { keySnapshot, loadKey } from './key-rows';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS, checkKeyName, checkScopes, expiryOf } from './validate';

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
      {
        operator: options.operator,
        action: 'api_keys.create',
        targetKind: 'api_key',
        targetId: created.key.id,
        before: null,
        after: keySnapshot(created.key),
      },
    );
    return created;
  });
}

/**
 * Rotates a key: a replacement with the same user, name and scopes (expiry default 90 days),
 * and the old key keeps working until now + overlap (default 24 h) — or until its own expiry
 * if that comes first — then is expired. Refused (CONFLICT) for a revoked or inactive key, a
 * disabled user, or a key rotated already.
 */
export async function rotateApiKey(
  sequelize: Sequelize,
  id: string,
  input: ApiKeyRotateInput,
  options: KeyWriteOptions,
): Promise<ApiKeyRotated> {
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
      throw new AppError(
        'CONFLICT',
        `${old.userEmail} is disabled (key ${keyId} is suspended with them): enable the user before rotating their key.`,
      );
    }
    if (!old.isActive) throw new AppError('CONFLICT', `Key ${keyId} is inactive: create a new key instead.`);
    if (old.rotatedTo) throw new AppError('CONFLICT', `Key ${keyId} was rotated already (replacement ${old.rotatedTo}).`);
    const user = await resolveUser(sequelize, { id: old.userId }, { transaction: t, lock: true });
    if (!user.isActive) throw new AppError('CONFLICT', `${user.email} is disabled: enable the user before rotating their key.`);

    const overlapEnd = new Date(now.getTime() + Math.round(overlapHours * 3_600_000));
    const created = await insertKey(
      sequelize,
      t,
      old.userId,
      old.name,
      old.scopes,
      newExpiry,
      now,
      { rotated_from: keyId },
      options.generate ?? (() => generateApiKey()),
    );
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
