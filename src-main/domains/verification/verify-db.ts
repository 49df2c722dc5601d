import { onOwnConnection } from '../../platform/db/pg-client';
import type pg from 'pg';
import type { JobOptions } from '../../platform/jobs/job-context';
import { to as copyTo } from 'pg-copy-streams';
import { CopyTextParser, verifyAuditCopyRow, type CopyRow } from '../../integrity/copy-text';
import { AppError } from '../../shared/errors';
import type { DatabaseSnapshot, DbV1Reason, VerifyDbEntry, VerifyDbResult } from '../../shared/model/verification';
import { auditCopySql, BEGIN_VERIFICATION, verifyAuditRows, type VerifyDbPart } from './verify-rows';

/**
 * db-v1 verification of a whole `audit_logs` table. Rows are streamed with COPY in
 * (created_at, id) order and verified straight from COPY's text format (verify-rows.ts) — no
 * Sequelize models, no JavaScript Dates (they lose microseconds) — so memory stays flat and
 * the speed is the server's own COPY (docs/scale.md). Tables that outgrow one core are
 * verified in ranges side by side (verify-db-parallel.ts) with exactly the same result.
 * The snapshot's facts (server, database, time) are read in the same transaction as the rows,
 * so the report says exactly what was judged.
 */
export type { VerifyDbFailure, VerifyDbResult } from '../../shared/model/verification';

export { DB_V1_BLIND_SPOTS } from './reports/db-v1';

export interface VerifyDbOptions extends JobOptions {
  /** At most this many failures are listed (all are counted). */
  maxListed?: number;
  /** List every row with its verdict (`--all`). */
  all?: boolean;
}

export const MAX_LISTED = 100_000;
/** Rows between progress reports of the --all pass. */
const PROGRESS_EVERY = 2048;

/** The snapshot's facts, read in the same transaction as the rows. */
const SNAPSHOT_SQL = `
  SELECT current_database() AS database, current_setting('server_version') AS version,
         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         to_regclass('audit_logs') IS NOT NULL AS has_table`;

/**
 * Reads the open snapshot's facts; SCHEMA_MISSING when the database has no audit_logs (an empty
 * or foreign database: there is nothing to verify, and saying so beats a relation error).
 */
export async function readSnapshotFacts(client: pg.Client): Promise<DatabaseSnapshot> {
  const facts = (await client.query<{ database: string; version: string; at: string; has_table: boolean }>(SNAPSHOT_SQL)).rows[0]!;
  if (!facts.has_table) {
    throw new AppError(
      'SCHEMA_MISSING',
      `Database "${facts.database}" has no audit_logs table: it holds no governance schema. Initialise it first (govcon init, or the Database page).`,
    );
  }
  return { server: `${client.host}:${client.port}`, server_version: facts.version, database: facts.database, snapshot_at: facts.at };
}

/** A whole result from what the pass (or the ranges, merged) found. */
export function dbV1Result(part: VerifyDbPart, snapshot: DatabaseSnapshot, entries: VerifyDbEntry[] | null = null): VerifyDbResult {
  return { format: 'db-v1', snapshot, ...part, entries };
}

export async function verifyDatabase(config: pg.ClientConfig, options: VerifyDbOptions = {}): Promise<VerifyDbResult> {
  return onOwnConnection(config, options.signal, async (client) => {
    // One snapshot for the facts, the count and the rows; the text forms the verifier expects.
    await client.query(BEGIN_VERIFICATION);
    const snapshot = await readSnapshotFacts(client);
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_logs');
    const expected = Number(rows[0]!.n);
    options.progress?.(0, expected);
    const maxListed = options.maxListed ?? MAX_LISTED;
    const onProgress = options.progress && ((done: number) => options.progress!(done, expected));
    // The fast path only ever looks at the rows that fail; --all needs every row's id and verdict.
    const entries: VerifyDbEntry[] | null = options.all ? [] : null;
    const part = entries
      ? await verifyEveryRow(client, maxListed, entries, onProgress)
      : await verifyAuditRows(client, auditCopySql(), { maxListed, onProgress });
    options.signal?.throwIfAborted();
    await client.query('COMMIT');
    options.progress?.(part.total, expected);
    return dbV1Result(part, snapshot, entries);
  });
}

/** The --all pass: every row parsed, its verdict listed in `entries` (same verdicts as the fast path). */
async function verifyEveryRow(
  client: pg.Client,
  maxListed: number,
  entries: VerifyDbEntry[],
  onProgress: ((done: number) => void) | undefined,
): Promise<VerifyDbPart> {
  const part: VerifyDbPart = { total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 };
  const parser = new CopyTextParser();
  const onRow = (row: CopyRow) => {
    const r = verifyAuditCopyRow(row);
    const position = ++part.total;
    entries.push({ position, id: r.id ?? row[0] ?? '', verdict: r.verdict, reason: (r.reason as DbV1Reason | undefined) ?? null });
    if (r.verdict === 'ok') {
      part.ok++;
      return;
    }
    if (r.verdict === 'tampered') part.tampered++;
    else part.unverifiable++;
    if (part.failures.length >= maxListed) {
      part.failures_not_listed++;
      return;
    }
    part.failures.push({
      position,
      id: r.id ?? '',
      trace_id: row[1] ?? null,
      created_at: row[8] ?? null,
      stored: r.stored,
      computed: r.computed ?? null,
      verdict: r.verdict,
      reason: r.reason as DbV1Reason,
    });
  };
  const stream = client.query(copyTo(auditCopySql()));
  let lastReport = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.push(chunk, onRow);
    if (onProgress && part.total - lastReport >= PROGRESS_EVERY) {
      lastReport = part.total;
      onProgress(part.total);
    }
  }
  parser.end();
  return part;
}
