import { connectClient } from '../../platform/db/pg-client';
import type pg from 'pg';
import type { JobOptions } from '../../platform/jobs/job-context';
import { to as copyTo } from 'pg-copy-streams';
import { AUDIT_COPY_SQL, CopyTextParser, verifyAuditCopyRow, type CopyRow } from '../../integrity/copy-text';
import type { DbV1Reason, VerifyDbResult } from '../../shared/model/verification';

/**
 * db-v1 verification of a whole `audit_logs` table. Rows are streamed with COPY in
 * (created_at, id) order and parsed from COPY's text format — no Sequelize models, no
 * JavaScript Dates (they lose microseconds) — so memory stays flat and the speed is close
 * to the server's own COPY.
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

const MAX_LISTED = 100_000;
/** Rows between progress reports (cheap: the job manager throttles what reaches the window). */
const PROGRESS_EVERY = 2048;

export async function verifyDatabase(config: pg.ClientConfig, options: VerifyDbOptions = {}): Promise<VerifyDbResult> {
  options.signal?.throwIfAborted();
  const client = await connectClient({ ...config, statement_timeout: 0 });
  // Cancelling ends the connection: whatever query or COPY is running fails at once (a COPY
  // cannot be stopped politely mid-stream), and the server drops the session.
  const onAbort = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const maxListed = options.maxListed ?? MAX_LISTED;
  const result: VerifyDbResult = {
    format: 'db-v1',
    total: 0,
    ok: 0,
    tampered: 0,
    unverifiable: 0,
    failures: [],
    failures_not_listed: 0,
    not_covered: DB_V1_BLIND_SPOTS,
  };
  try {
    // One snapshot for the count and the rows; the text forms the parser expects.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    await client.query("SET LOCAL client_encoding = 'UTF8'");
    await client.query("SET LOCAL IntervalStyle = 'postgres'");
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_logs');
    const expected = Number(rows[0].n);
    options.progress?.(0, expected);

    const parser = new CopyTextParser();
    const onRow = (row: CopyRow) => {
      const r = verifyAuditCopyRow(row);
      result.total++;
      if (r.verdict === 'ok') {
        result.ok++;
        return;
      }
      if (r.verdict === 'tampered') result.tampered++;
      else result.unverifiable++;
      if (result.failures.length >= maxListed) {
        result.failures_not_listed++;
        return;
      }
      result.failures.push({
        id: r.id ?? '',
        trace_id: row[1],
        created_at: row[8],
        stored: r.stored,
        computed: r.computed ?? null,
        verdict: r.verdict,
        reason: r.reason as DbV1Reason,
      });
    };

    const stream = client.query(copyTo(AUDIT_COPY_SQL));
    let lastReport = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.push(chunk, onRow);
      if (result.total - lastReport >= PROGRESS_EVERY) {
        lastReport = result.total;
        options.progress?.(result.total, expected);
      }
    }
    parser.end();
    options.signal?.throwIfAborted();
    await client.query('COMMIT');
    options.progress?.(result.total, expected);
    return result;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
