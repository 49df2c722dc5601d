/** Revoking a key: at once and for good, recorded in console_events. */
import type { Sequelize } from 'sequelize';
import { type ApiKeyRevokeResult } from '../../shared/model/api-keys';
import { recordEvent } from '../../schema/console-events';
import { pgTimestamp } from '../../platform/db/sql/timestamps';
import { checkUuid } from '../../platform/db/sql/values';
import { inTransaction } from '../../platform/db/transaction';
import { execute } from '../../platform/db/sql/query';
import { nowOf, type WriteOptions } from '../../platform/db/sql/options';
import { keySnapshot, loadKey } from './key-rows';

/** Revokes a key: revoked_at = now, is_active = false. A key revoked already is left as it is. */
export async function revokeApiKey(sequelize: Sequelize, id: string, options: WriteOptions): Promise<ApiKeyRevokeResult> {
  const keyId = checkUuid(id, 'An API key id');
  const now = nowOf(options);
  return inTransaction(sequelize, async (t) => {
    const before = await loadKey(sequelize, keyId, now, t, true);
    if (before.revokedAt) return { key: before, changed: false };
    await execute(
      sequelize,
      'UPDATE api_keys SET revoked_at = $2::timestamp, is_active = false WHERE id = $1::uuid',
      [keyId, pgTimestamp(now)],
      t,
    );
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
