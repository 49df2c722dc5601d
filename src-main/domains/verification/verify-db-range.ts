/**
 * One range of a parallel verification (verify-db-parallel.ts): its own connection, reading
 * the coordinator's exported snapshot, on a worker thread of its own.
 */
import type pg from 'pg';
import { onOwnConnection } from '../../platform/db/pg-client';
import type { JobOptions } from '../../platform/jobs/job-context';
import { importSnapshot, rangeWhere, setRangeBounds, type DbRange } from './db-ranges';
import { auditCopySql, verifyAuditRows, VERIFY_SESSION_SETTINGS, type VerifyDbPart } from './verify-rows';

export interface VerifyRangeOptions extends JobOptions {
  /** At most this many failures are listed (all are counted): the whole result's limit, as any range may hold them all. */
  maxListed: number;
}

/** Verifies the rows of `range` as the exported `snapshot` sees them; positions count from the range's first row. */
export async function verifyDbRange(
  config: pg.ClientConfig,
  snapshot: string,
  range: DbRange,
  options: VerifyRangeOptions,
): Promise<VerifyDbPart> {
  return onOwnConnection(config, options.signal, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await importSnapshot(client, snapshot);
    await client.query(VERIFY_SESSION_SETTINGS);
    await setRangeBounds(client, range);
    const part = await verifyAuditRows(client, auditCopySql(rangeWhere(range)), {
      maxListed: options.maxListed,
      onProgress: options.progress && ((done) => options.progress!(done, null)),
    });
    options.signal?.throwIfAborted();
    await client.query('COMMIT');
    options.progress?.(part.total, null);
    return part;
  });
}
