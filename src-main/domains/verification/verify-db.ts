import { connectClient } from '../../platform/db/pg-client';
import type pg from 'pg';
import type { JobOptions } from '../../platform/jobs/job-context';
import { to as copyTo } from 'pg-copy-streams';
import { AUDIT_COPY_SQL, CopyTextParser, verifyAuditCopyRow, type CopyRow } from '../../integrity/copy-text';
import { AppError } from '../../shared/errors';
import type { DbV1Reason, VerifyDbEntry, VerifyDbResult } from '../../shared/model/verification';

/**
 * db-v1 verification of a whole `audit_logs` table. Rows are streamed with COPY in
 * (created_at, id) order and parsed from COPY's text format — no Sequelize models, no
 * JavaScript Dates (they lose microseconds) — so memory stays flat and the speed is close
 * to the server's own COPY.
 */
export type { VerifyDbFailure, VerifyDbResult } from '../../shared/model/verification';

export { DB_V1_BLIND_SPOTS } from './reports/db-v1';

export interface VerifyDbOptions extends JobOptions {
  /** At most this many failures are listed (all are counted). */
  maxListed?: number;
  /** List every row with its verdict (`--all`). */
  all?: boolean;
}

/** The snapshot's facts, read in the same transaction as the rows. */
const SNAPSHOT_SQL = `
  SELECT current_database() AS database, current_setting('server_version') AS version,
         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         to_regclass('audit_logs') IS NOT NULL AS has_table`;

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
  const entries: VerifyDbEntry[] | null = options.all ? [] : null;
  const result: VerifyDbResult = {
    format: 'db-v1',
    snapshot: { server: `${client.host}:${client.port}`, server_version: null, database: client.database ?? '', snapshot_at: null },
    total: 0,
    ok: 0,
    tampered: 0,
    unverifiable: 0,
    failures: [],
    failures_not_listed: 0,
    entries,
  };
  try {
    // One snapshot for the count and the rows; the text forms the parser expects.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    await client.query("SET LOCAL client_encoding = 'UTF8'");
    await client.query("SET LOCAL IntervalStyle = 'postgres'");
    const facts = (await client.query<{ database: string; version: string; at: string; has_table: boolean }>(SNAPSHOT_SQL)).rows[0]!;
    result.snapshot = { ...result.snapshot, database: facts.database, server_version: facts.version, snapshot_at: facts.at };
    if (!facts.has_table) {
      throw new AppError(
        'SCHEMA_MISSING',
        `Database "${facts.database}" has no audit_logs table: it holds no governance schema. Initialise it first (govcon init, or the Database page).`,
      );
    }
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_logs');
    const expected = Number(rows[0].n);
    options.progress?.(0, expected);

    const parser = new CopyTextParser();
    const onRow = (row: CopyRow) => {
      const r = verifyAuditCopyRow(row);
      const position = ++result.total;
      entries?.push({ position, id: r.id ?? row[0] ?? '', verdict: r.verdict, reason: (r.reason as DbV1Reason | undefined) ?? null });
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
        position,
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
