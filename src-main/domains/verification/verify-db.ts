import { connectClient } from '../../platform/db/pg-client';
import type pg from 'pg';
import type { JobOptions } from '../../platform/jobs/job-context';
import type { VerifyDbResult } from '../../shared/model/verification';
import { auditCopySql, BEGIN_VERIFICATION, verifyAuditRows, type VerifyDbPart } from './verify-rows';

/**
 * db-v1 verification of a whole `audit_logs` table. Rows are streamed with COPY in
 * (created_at, id) order and verified straight from COPY's text format (verify-rows.ts) — no
 * Sequelize models, no JavaScript Dates (they lose microseconds) — so memory stays flat and
 * the speed is the server's own COPY (docs/scale.md). Tables that outgrow one core are
 * verified in ranges side by side (verify-db-parallel.ts) with exactly the same result.
 */
export type { VerifyDbFailure, VerifyDbResult } from '../../shared/model/verification';

export const DB_V1_BLIND_SPOTS =
  'db-v1 covers eight fields of each row (trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at). ' +
  'Changes to id, user_id, parameters, error, duration_seconds, input_sources, input_constraints, mission_objective or ' +
  'mission_success_criteria are invisible to it, and so are deleted rows. Seals close that gap.';

export interface VerifyDbOptions extends JobOptions {
  /** At most this many failures are listed (all are counted). */
  maxListed?: number;
}

export const MAX_LISTED = 100_000;

/** A whole result from what the pass (or the ranges, merged) found. */
export function dbV1Result(part: VerifyDbPart): VerifyDbResult {
  return { format: 'db-v1', ...part, not_covered: DB_V1_BLIND_SPOTS };
}

export async function verifyDatabase(config: pg.ClientConfig, options: VerifyDbOptions = {}): Promise<VerifyDbResult> {
  options.signal?.throwIfAborted();
  const client = await connectClient({ ...config, statement_timeout: 0 });
  // Cancelling ends the connection: whatever query or COPY is running fails at once (a COPY
  // cannot be stopped politely mid-stream), and the server drops the session.
  const onAbort = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // One snapshot for the count and the rows; the text forms the verifier expects.
    await client.query(BEGIN_VERIFICATION);
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_logs');
    const expected = Number(rows[0]!.n);
    options.progress?.(0, expected);
    const part = await verifyAuditRows(client, auditCopySql(), {
      maxListed: options.maxListed ?? MAX_LISTED,
      onProgress: options.progress && ((done) => options.progress!(done, expected)),
    });
    options.signal?.throwIfAborted();
    await client.query('COMMIT');
    options.progress?.(part.total, expected);
    return dbV1Result(part);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
