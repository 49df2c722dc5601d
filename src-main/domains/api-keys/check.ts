/** Checking a presented key as the service would (by its SHA-256), and why it would be refused. */
import type { Sequelize } from 'sequelize';
import { apiKeyHash, keyFormatVerdict } from '../../integrity/api-key-format';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { type ApiKeyCheckResult, type ApiKeyDto } from '../../shared/model/api-keys';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { Params } from '../../platform/db/sql/params';
import { mapped, select } from '../../platform/db/sql/query';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';
import type { KeyRow } from './key-rows';
import { keyColumns, toKeyDto } from './key-rows';

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
