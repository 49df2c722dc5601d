/**
 * Re-proves imported rows from their chain of custody (console_import_lines): each stored raw
 * line must still verify by jsonl-v1 (docs/formats.md) with its recorded hash and trace_id,
 * and map to exactly the row it became. Also reports imported rows deleted since (custody
 * keeps their line).
 */
import type pg from 'pg';
import { copyField } from '../../integrity/copy-text-writer';
import type { JobOptions } from '../../platform/jobs/job-context';
import { AppError } from '../../shared/errors';
import type { DatabaseSnapshot } from '../../shared/model/verification';
import { LINE_COLUMNS } from './audit-copy';
import { copyIn } from './copy-in';
import { importLine } from './map-line';
import { openJobClient, requireCustody } from './session';

export type CustodyVerdict = 'ok' | 'line-not-ok' | 'line-differs' | 'row-deleted' | 'row-differs';

export interface CustodyFailure {
  /** 1-based ordinal of the custody line in (import run, line number) order, among those checked. */
  position: number;
  /** The import run (console_import_files.id) and the line, which identify a custody line. */
  import_id: string;
  audit_log_id: string | null;
  file_name: string;
  line: number;
  verdict: Exclude<CustodyVerdict, 'ok'>;
  /** A jsonl-v1 or mapping reason, when the line itself fails. */
  reason: string | null;
  /** The columns that differ (row-differs), else null. */
  columns: string[] | null;
  /** What failed, for a person. */
  detail: string;
}

/** One custody line and its verdict (listed only when every line is asked for). */
export interface CustodyEntry {
  position: number;
  audit_log_id: string | null;
  verdict: CustodyVerdict;
  reason: string | null;
}

export interface CustodyVerifyResult {
  snapshot: DatabaseSnapshot;
  /** The scope checked (null: every custody line). */
  import_id: string | null;
  audit_log_id: string | null;
  /** Custody lines checked. */
  total: number;
  ok: number;
  failed: number;
  failures: CustodyFailure[];
  failures_not_listed: number;
  /** Every line, with `all`; null otherwise. */
  entries: CustodyEntry[] | null;
  /** What this check cannot see, stated with every result. */
  not_covered: string;
}

/** What to check; `progress(done, total)` counts custody lines. */
export interface CustodyVerifyOptions extends JobOptions {
  /** Only the custody line of this audit_logs row. */
  auditLogId?: string;
  /** Only the lines one import run brought in. */
  importId?: string;
  /** At most this many failures are listed (all are counted); default 100,000. */
  maxListed?: number;
  /** Lines per round trip (default 5,000). */
  pageSize?: number;
  /** List every custody line with its verdict (`--all`). */
  all?: boolean;
}

export const CUSTODY_BLIND_SPOTS =
  'Custody re-proves imported rows only: rows the service wrote itself have no line to be checked against. ' +
  'user_id is not compared (it is looked up from users at import time), nor id (it is what links the row to its line).';

const DEFAULT_PAGE = 5000;
const MAX_LISTED = 100_000;

/** The columns compared (every column a line gives), as PostgreSQL compares them: jsonb and numeric by value. */
const COMPARED = LINE_COLUMNS;

/** The rows the page's lines map to, beside the real ones; column types as audit_logs has them. */
const EXPECTED_TABLE = `
  CREATE TEMP TABLE IF NOT EXISTS govcon_custody_expected (
    audit_log_id uuid PRIMARY KEY,
    trace_id uuid, actor_name varchar(255), actor_email varchar(255), actor_role varchar(50),
    drag_mode varchar(20), workflow_name varchar(100), parameters jsonb, outcome varchar(20), error text,
    duration_seconds numeric(10,3), input_sources jsonb, input_constraints jsonb, mission_objective text,
    mission_success_criteria jsonb, integrity_hash varchar(64), created_at timestamp
  ) ON COMMIT DELETE ROWS`;

const COPY_EXPECTED = `COPY govcon_custody_expected (audit_log_id, ${COMPARED.join(', ')}) FROM STDIN`;

const COMPARE = `
  SELECT e.audit_log_id::text AS audit_log_id,
         array_remove(ARRAY[${COMPARED.map((c) => `CASE WHEN a.${c} IS DISTINCT FROM e.${c} THEN '${c}' END`).join(', ')}], NULL) AS differs
    FROM govcon_custody_expected e
    JOIN audit_logs a ON a.id = e.audit_log_id
   WHERE (${COMPARED.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${COMPARED.map((c) => `e.${c}`).join(', ')})`;

const CUSTODY_PAGE = `
  SELECT l.file_id::text AS file_id, l.line_number::text AS line_number, l.audit_log_id::text AS audit_log_id,
         f.file_name, l.trace_id::text AS trace_id, l.original_hash, l.raw_line
    FROM console_import_lines l JOIN console_import_files f ON f.id = l.file_id
   WHERE (l.file_id, l.line_number) > ($1::uuid, $2::bigint)
     AND ($3::uuid IS NULL OR l.audit_log_id = $3::uuid)
     AND ($4::uuid IS NULL OR l.file_id = $4::uuid)
   ORDER BY l.file_id, l.line_number
   LIMIT $5`;

const CUSTODY_COUNT = `
  SELECT count(*)::text AS n FROM console_import_lines l
   WHERE ($1::uuid IS NULL OR l.audit_log_id = $1::uuid) AND ($2::uuid IS NULL OR l.file_id = $2::uuid)`;

/** The snapshot's facts, read in the check's transaction. */
const SNAPSHOT_SQL = `
  SELECT current_database() AS database, current_setting('server_version') AS version,
         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`;

/** Before the first custody line in (file_id, line_number) order. */
const START: [string, string] = ['00000000-0000-0000-0000-000000000000', '0'];

interface CustodyRow {
  file_id: string;
  audit_log_id: string | null;
  file_name: string;
  line_number: string;
  trace_id: string;
  original_hash: string;
  raw_line: string;
}

/**
 * Checks the custody lines (all, one run's, or one row's) page by page in one REPEATABLE READ
 * transaction: each line is checked here, then the rows its lines map to are compared with
 * the real ones by PostgreSQL (every column the line gives, jsonb and numeric by value, and
 * the row's db-v1 hash). Failures are listed in custody order.
 */
export async function verifyCustody(config: pg.ClientConfig, options: CustodyVerifyOptions = {}): Promise<CustodyVerifyResult> {
  const client = await openJobClient(config);
  const maxListed = options.maxListed ?? MAX_LISTED;
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE);
  const auditLogId = options.auditLogId ?? null;
  const importId = options.importId ?? null;
  const result: CustodyVerifyResult = {
    snapshot: { server: `${client.host}:${client.port}`, server_version: null, database: client.database ?? '', snapshot_at: null },
    import_id: importId,
    audit_log_id: auditLogId,
    total: 0,
    ok: 0,
    failed: 0,
    failures: [],
    failures_not_listed: 0,
    entries: options.all ? [] : null,
    not_covered: CUSTODY_BLIND_SPOTS,
  };
  // A page's failures and entries, listed in custody order once the page is compared.
  let pageFailures: CustodyFailure[] = [];
  const pageVerdicts = new Map<number, { verdict: CustodyVerdict; reason: string | null; id: string | null }>();
  const positions = new Map<CustodyRow, number>();
  const fail = (row: CustodyRow, verdict: CustodyFailure['verdict'], detail: string, more: Partial<CustodyFailure> = {}) => {
    result.failed++;
    const position = positions.get(row)!;
    const reason = more.reason ?? null;
    pageVerdicts.set(position, { verdict, reason, id: row.audit_log_id });
    pageFailures.push({
      position,
      import_id: row.file_id,
      audit_log_id: row.audit_log_id,
      file_name: row.file_name,
      line: Number(row.line_number),
      verdict,
      reason,
      columns: null,
      detail,
      ...more,
    });
  };
  const listPage = (page: readonly CustodyRow[]) => {
    pageFailures.sort((a, b) => a.position - b.position);
    for (const f of pageFailures) {
      if (result.failures.length < maxListed) result.failures.push(f);
      else result.failures_not_listed++;
    }
    if (result.entries) {
      for (const row of page) {
        const position = positions.get(row)!;
        const v = pageVerdicts.get(position);
        result.entries.push({ position, audit_log_id: row.audit_log_id, verdict: v?.verdict ?? 'ok', reason: v?.reason ?? null });
      }
    }
    pageFailures = [];
    pageVerdicts.clear();
    positions.clear();
  };
  try {
    await requireCustody(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const facts = (await client.query<{ database: string; version: string; at: string }>(SNAPSHOT_SQL)).rows[0]!;
    result.snapshot = { ...result.snapshot, database: facts.database, server_version: facts.version, snapshot_at: facts.at };
    await client.query(EXPECTED_TABLE);
    const expected = Number((await client.query<{ n: string }>(CUSTODY_COUNT, [auditLogId, importId])).rows[0]!.n);
    if (importId !== null && (await client.query('SELECT 1 FROM console_import_files WHERE id = $1::uuid', [importId])).rowCount === 0) {
      throw new AppError('NOT_FOUND', `No import run ${importId} in this database's custody (see the imports on the Integrity page).`);
    }
    if (auditLogId !== null && expected === 0) {
      throw new AppError('NOT_FOUND', `No custody line for audit_logs row ${auditLogId}: it was not imported from a file.`);
    }
    options.progress?.(0, expected);
    let after = START;
    for (;;) {
      options.signal?.throwIfAborted();
      const page = (await client.query<CustodyRow>(CUSTODY_PAGE, [...after, auditLogId, importId, pageSize])).rows;
      if (page.length === 0) break;
      const last = page[page.length - 1]!;
      after = [last.file_id, last.line_number];
      let copy = '';
      const byId = new Map<string, CustodyRow>();
      for (const row of page) {
        positions.set(row, ++result.total);
        const r = importLine(Buffer.from(row.raw_line, 'utf8'));
        if (r.status === 'not-ok') {
          fail(row, 'line-not-ok', `${r.verdict}: ${r.reason}`, { reason: r.reason });
          continue;
        }
        if (r.hash !== row.original_hash) {
          fail(row, 'line-differs', 'the line verifies with another hash than the one recorded');
          continue;
        }
        if (r.status === 'unmappable') {
          fail(row, 'line-differs', `the line cannot be mapped to a row (${r.reason}: ${r.message})`, { reason: r.reason });
          continue;
        }
        if (r.row.trace_id !== row.trace_id) {
          fail(row, 'line-differs', `the line's trace_id ${r.row.trace_id} is not the recorded ${row.trace_id}`);
          continue;
        }
        if (row.audit_log_id === null) {
          fail(row, 'row-deleted', 'the audit_logs row imported from this line was deleted');
          continue;
        }
        byId.set(row.audit_log_id, row);
        const mapped = r.row;
        copy += row.audit_log_id + '\t' + COMPARED.map((c) => copyField(mapped[c])).join('\t') + '\n';
      }
      if (copy) {
        await copyIn(client, COPY_EXPECTED, copy);
        const differing = await client.query<{ audit_log_id: string; differs: string[] }>(COMPARE);
        for (const d of differing.rows) {
          fail(byId.get(d.audit_log_id)!, 'row-differs', `differs in ${d.differs.join(', ')}`, { columns: d.differs });
        }
        await client.query('TRUNCATE govcon_custody_expected');
      }
      listPage(page);
      options.progress?.(result.total, expected);
    }
    await client.query('COMMIT');
    result.ok = result.total - result.failed;
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
