/**
 * `govcon export-evidence`: chosen sealed rows of audit_logs, read in one REPEATABLE READ
 * snapshot with the seal session (docs/seal-format.md §2.3), written as a govcon-evidence/v1
 * bundle (§12) proven against the newest seal. Rows are chosen by time (--from/--to, on
 * created_at), by seal (--seals N-M: the leaves those seals appended), by id (--ids FILE) or by
 * audit filter (--filter STR: the rows the Audit Log page shows for it, filter-selection.ts);
 * only sealed rows can be proven, so rows in no seal are counted and left out. A row whose
 * leaf hash is not its leaf record (a changed row) is refused: the export fails rather than
 * carry a row its own proofs would reject.
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { AUDIT_LOGS_SEALED } from '../../integrity/canonical-row';
import type { RowValue } from '../../integrity/canonical-row';
import { parseCopyTextRow } from '../../integrity/copy-text';
import { LineSplitter } from '../../integrity/line-splitter';
import { CachedLeafHashes } from '../../integrity/merkle/cached-leaf-hashes';
import { bufferLeafHashes } from '../../integrity/merkle/leaf-hashes';
import { writeBundle, BundleWriteError } from '../../integrity/bundle/writer';
import type { BundleRow } from '../../integrity/bundle/writer';
import { copyOut } from '../../platform/db/copy-out';
import { onOwnConnection } from '../../platform/db/pg-client';
import type { ConsoleClientConfig } from '../../platform/db/pg-client';
import { AppError } from '../../shared/errors';
import { nowOf } from '../../platform/db/sql/options';
import type { JobOptions } from '../../platform/jobs/job-context';
import { filterOf } from '../audit-log/list';
import { filterWhere } from './filter-selection';
import { applySealSession, columnList, filter, setFilter } from '../seals/log-sql';
import { hasSealTables, readLastSeal, readLeafRecords, readSealLog, readSeals } from '../seals/seal-store';
import type { EvidenceExportDto } from '../../shared/model/evidence';

export type EvidenceSelection =
  | { kind: 'time'; from: string; to: string }
  | { kind: 'seals'; first: number; last: number }
  | { kind: 'ids'; ids: string[] }
  /** An audit filter string (docs/audit-filter.md); relative times count back from `now`. */
  | { kind: 'filter'; filter: string };

export interface ExportEvidenceOptions {
  out: string;
  selection: EvidenceSelection;
  /** The manifest's label for the selection, e.g. the flags as given. */
  selectionLabel: string;
  exportedBy: string;
  consoleVersion: string;
  /** The standalone verifier's text, to put in the bundle. */
  verifier?: string;
  /** The time a filter's relative times count back from (default: now). */
  now?: Date;
}

/** What an export wrote: the job's result and the command's --json (shared/model/evidence.ts). */
export type ExportEvidenceResult = EvidenceExportDto;

const PROGRESS_EVERY = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** out/verifier/govcon-verify.mjs beside the built CLI or app (out/main/…), or under the source tree. */
export function verifierText(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, '..', 'verifier', 'govcon-verify.mjs'),
    path.join(here, '..', '..', 'verifier', 'govcon-verify.mjs'),
    path.join(here, '..', '..', '..', 'out', 'verifier', 'govcon-verify.mjs'),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found)
    throw new AppError('FILE_ERROR', 'The standalone verifier out/verifier/govcon-verify.mjs is not built (npm run build writes it).');
  return fs.readFileSync(found, 'utf8');
}

export function parseIdsFile(text: string, file: string): string[] {
  const ids = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const bad = ids.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new AppError('VALIDATION', `${file}: "${bad.slice(0, 60)}" is not a row id (a UUID).`);
  if (ids.length === 0) throw new AppError('VALIDATION', `${file} lists no row ids.`);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/** Progress is in rows: read (total unknown), then written (of the rows read). Cancel ends the read or the write; nothing is left. */
export async function exportEvidence(
  config: ConsoleClientConfig,
  options: ExportEvidenceOptions,
  job: JobOptions = {},
): Promise<ExportEvidenceResult> {
  refuseExisting(options.out);
  return onOwnConnection(config, job.signal, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await applySealSession(client);
    if (!(await hasSealTables(client)))
      throw new AppError('SCHEMA_MISSING', 'The database has no seal tables (govcon migrate up, then govcon seal).');
    const log = await readSealLog(client, 'audit_logs');
    const seal = log ? await readLastSeal(client, log.log_id) : null;
    if (!log || !seal)
      throw new AppError('NOT_FOUND', 'audit_logs has no seal yet: run govcon seal first; only sealed rows can be proven.');
    const records = await readLeafRecords(client, log.log_id, seal.tree_size);
    if (records.count !== seal.tree_size) {
      throw new AppError(
        'CONFLICT',
        `The leaf records of audit_logs are incomplete (${records.count} of ${seal.tree_size}): run govcon verify-db --seals.`,
      );
    }
    const range = await leafRange(client, log.log_id, options.selection);
    const { rows, unsealed } = await readRows(client, log.log_id, seal.tree_size, options.selection, range, nowOf(options), job);
    await client.query('COMMIT');
    if (rows.length === 0)
      throw new AppError('NOT_FOUND', `No sealed rows match the selection (${unsealed} rows match but are in no seal).`);

    const keys = [seal.verifier_key];
    const tree = new CachedLeafHashes(bufferLeafHashes(records.hashes.subarray(0, seal.tree_size * 32)));
    // writeBundle reads the rows three times (sizes, canonical, JSON): a third of a row each.
    let passed = 0;
    const source = function* (): Iterable<BundleRow> {
      for (const row of rows) {
        yield row;
        if (++passed % PROGRESS_EVERY === 0) {
          job.signal?.throwIfAborted();
          job.progress?.(Math.floor(passed / 3), rows.length);
        }
      }
    };
    const tmp = `${options.out}.partial-${process.pid}`;
    let bytes = 0;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      for (const chunk of writeBundle({
        table: AUDIT_LOGS_SEALED,
        notes: [seal.note],
        keys,
        tree,
        rows: source,
        selection: options.selectionLabel,
        exportedAt: new Date().toISOString(),
        exportedBy: options.exportedBy,
        consoleVersion: options.consoleVersion,
        verifier: options.verifier,
      })) {
        fs.writeSync(fd, chunk);
        bytes += chunk.length;
      }
      job.signal?.throwIfAborted();
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      // A link, not a rename: it fails if the file appeared meanwhile, so nothing is ever replaced.
      try {
        fs.linkSync(tmp, options.out);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(options.out);
        throw error;
      }
      fs.rmSync(tmp, { force: true });
      job.progress?.(rows.length, rows.length);
    } catch (error) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
      fs.rmSync(tmp, { force: true });
      if (error instanceof BundleWriteError)
        throw new AppError('CONFLICT', `${error.message}. Run govcon verify-db --seals to see what changed.`);
      throw error;
    }
    let runs = 0;
    for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i].leafIndex !== rows[i - 1].leafIndex + 1) runs++;
    return {
      file: path.resolve(options.out),
      bytes,
      rows: rows.length,
      runs,
      unsealed,
      not_found: options.selection.kind === 'ids' ? options.selection.ids.length - rows.length - unsealed : 0,
      seal_number: seal.seal_number,
      tree_size: seal.tree_size,
      origin: log.origin,
      signers: keys,
    };
  });
}

/** The leaf indexes [begin, end) a --seals selection covers. */
async function leafRange(client: pg.Client, logId: string, selection: EvidenceSelection): Promise<[number, number] | null> {
  if (selection.kind !== 'seals') return null;
  const seals = await readSeals(client, logId);
  const first = seals.find((s) => s.seal_number === selection.first);
  const last = seals.find((s) => s.seal_number === selection.last);
  if (!first || !last)
    throw new AppError(
      'NOT_FOUND',
      `audit_logs has seals 1–${seals.length}; --seals ${selection.first}-${selection.last} is not among them.`,
    );
  return [first.previous_size, last.tree_size];
}

async function readRows(
  client: pg.Client,
  logId: string,
  treeSize: number,
  selection: EvidenceSelection,
  range: [number, number] | null,
  now: Date,
  job: JobOptions,
): Promise<{ rows: BundleRow[]; unsealed: number }> {
  await setFilter(client, 'log_id', logId);
  await setFilter(client, 'tree_size', String(treeSize));
  let where: string;
  if (selection.kind === 'time') {
    await setFilter(client, 'from', selection.from);
    await setFilter(client, 'to', selection.to);
    where = `a.created_at >= ${filter('from', 'timestamp')} AND a.created_at < ${filter('to', 'timestamp')}`;
  } else if (selection.kind === 'seals') {
    await setFilter(client, 'leaf_from', String(range![0]));
    await setFilter(client, 'leaf_to', String(range![1]));
    where = `l.leaf_index >= ${filter('leaf_from', 'bigint')} AND l.leaf_index < ${filter('leaf_to', 'bigint')}`;
  } else if (selection.kind === 'ids') {
    await setFilter(client, 'ids', `{${selection.ids.join(',')}}`);
    where = `a.id = ANY(${filter('ids', 'text')}::uuid[])`;
  } else {
    const terms = filterWhere(filterOf(selection.filter), now);
    for (const [name, value] of terms.settings) await setFilter(client, name, value);
    where = `(${terms.where})`;
  }
  const joined = `FROM audit_logs a LEFT JOIN console_seal_leaves l
      ON l.log_id = ${filter('log_id', 'uuid')} AND l.row_id = a.id AND l.leaf_index < ${filter('tree_size', 'bigint')}`;
  const rows: BundleRow[] = [];
  const splitter = new LineSplitter();
  const onLine = (line: Uint8Array) => {
    const values = parseCopyTextRow(Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8'));
    const leafIndex = Number(values[0]);
    rows.push({ leafIndex, values: values.slice(1) as RowValue[] });
    if (rows.length % PROGRESS_EVERY === 0) job.progress?.(rows.length, null);
  };
  const sql = `COPY (SELECT l.leaf_index, ${columnList(AUDIT_LOGS_SEALED, 'a')} ${joined}
      WHERE l.leaf_index IS NOT NULL AND ${where} ORDER BY l.leaf_index) TO STDOUT`;
  await copyOut(client, sql, (data) => splitter.push(data, onLine));
  splitter.end(onLine);
  // Constant fragments only: every value in them is read from set_config (bound above).
  const countSql = `SELECT count(*)::text AS n ${joined} WHERE l.leaf_index IS NULL AND ${where}`;
  const { rows: counted } = await client.query<{ n: string }>(countSql);
  return { rows, unsealed: Number(counted[0]?.n ?? 0) };
}

/** An evidence file is never replaced: the one already there may be what an auditor was given. */
function refuseExisting(out: string): void {
  if (fs.existsSync(out)) throw new AppError('CONFLICT', `${out} exists already: choose another file name or remove it first.`);
}
