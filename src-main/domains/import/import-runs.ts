/**
 * Custody's import runs as the Integrity page lists them (console_import_files, with the
 * differences counted in each run's console event), and the lines a run rejected, read back
 * from its file.
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { LineSplitter } from '../../integrity/line-splitter';
import { isoSql } from '../../platform/db/sql/timestamps';
import { select } from '../../platform/db/sql/query';
import { inputFileSize, readChunks } from '../../platform/files/input-file';
import { AppError } from '../../shared/errors';
import type { ReportFile } from '../../shared/model/app';
import type { ImportRunDto } from '../../shared/model/verification';
import { importLine } from './map-line';
import { lineRejection } from './rejections';

/** The page lists the newest runs; the total says how many there are. */
const LISTED = 200;

const CUSTODY_TABLES = `SELECT to_regclass('console_import_files') IS NOT NULL AS files, to_regclass('audit_logs') IS NOT NULL AS audit`;

const RUNS = `
  SELECT f.id::text AS id, f.file_name, f.file_path, f.file_sha256, f.file_size::text AS file_size, f.status,
         f.operator_name, f.operator_email, ${isoSql('f.imported_at')} AS imported_at, ${isoSql('f.finished_at')} AS finished_at,
         f.total_lines::text AS total_lines, f.imported::text AS imported, f.already_present::text AS already_present,
         f.duplicates::text AS duplicates, f.matched_existing::text AS matched_existing, f.rejected::text AS rejected,
         (SELECT e.after->>'differs' FROM console_events e
           WHERE e.action = 'audit.import' AND e.target_kind = 'import_file' AND e.target_id = f.id::text
           ORDER BY e.occurred_at DESC LIMIT 1) AS differs,
         (SELECT count(*) FROM console_import_lines l WHERE l.file_id = f.id)::text AS custody_lines,
         count(*) OVER ()::text AS total
    FROM console_import_files f
   ORDER BY f.imported_at DESC, f.id
   LIMIT $1`;

interface RunRow {
  id: string;
  file_name: string;
  file_path: string;
  file_sha256: string;
  file_size: string;
  status: ImportRunDto['status'];
  operator_name: string;
  operator_email: string | null;
  imported_at: string;
  finished_at: string | null;
  total_lines: string | null;
  imported: string | null;
  already_present: string | null;
  duplicates: string | null;
  matched_existing: string | null;
  rejected: string | null;
  differs: string | null;
  custody_lines: string;
  total: string;
}

function changedFile(file: string, why: string): AppError {
  return new AppError(
    'FILE_ERROR',
    `${file} is no longer the file that was imported (${why}): its rejected lines cannot be read back from it. ` +
      "They are listed, without their text, in the import's own report.",
  );
}

const num = (text: string | null): number | null => (text === null ? null : Number(text));

/** Why the database has no custody to show, with what to do; null when it has. */
async function custodyMissing(sequelize: Sequelize): Promise<string | null> {
  const [r] = await select<{ files: boolean; audit: boolean }>(sequelize, CUSTODY_TABLES, []);
  if (r!.files) return null;
  return r!.audit
    ? 'This database has no import custody yet: initialise it first (the Database page, or govcon init).'
    : 'This database holds no governance schema: initialise it first (the Database page, or govcon init).';
}

/** SCHEMA_MISSING, with what to do, when the database has no custody yet. */
async function requireCustodyTables(sequelize: Sequelize): Promise<void> {
  const missing = await custodyMissing(sequelize);
  if (missing) throw new AppError('SCHEMA_MISSING', missing);
}

/**
 * The newest runs. A database without custody lists none and says why (`missing`): the
 * Integrity page shows it in place, as it opens, rather than as an error.
 */
export async function listImportRuns(sequelize: Sequelize): Promise<{ runs: ImportRunDto[]; total: number; missing: string | null }> {
  const missing = await custodyMissing(sequelize);
  if (missing) return { runs: [], total: 0, missing };
  const rows = await select<RunRow>(sequelize, RUNS, [LISTED]);
  return {
    missing: null,
    total: rows.length ? Number(rows[0]!.total) : 0,
    runs: rows.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      filePath: r.file_path,
      sha256: r.file_sha256,
      size: Number(r.file_size),
      status: r.status,
      operator: r.operator_email ? `${r.operator_name} <${r.operator_email}>` : r.operator_name,
      importedAt: r.imported_at,
      finishedAt: r.finished_at,
      totalLines: num(r.total_lines),
      imported: num(r.imported),
      alreadyPresent: num(r.already_present),
      duplicates: num(r.duplicates),
      matchedExisting: num(r.matched_existing),
      differs: num(r.differs),
      rejected: num(r.rejected),
      custodyLines: Number(r.custody_lines),
    })),
  };
}

/**
 * The lines run `importId` rejected by jsonl-v1 or the table's constraints, as JSON lines
 * (`{"line","kind","reason","message","raw"}`, `raw_base64` for bytes that are not UTF-8),
 * judged again from the run's file. The file must be exactly the bytes imported: its size and
 * SHA-256 are checked against custody's record, and a changed or missing file is a FILE_ERROR.
 * Lines PostgreSQL itself refused are only in the run's own report.
 */
export async function rejectedLinesOf(sequelize: Sequelize, importId: string): Promise<ReportFile> {
  await requireCustodyTables(sequelize);
  const [run] = await select<{ file_name: string; file_path: string; file_sha256: string; file_size: string }>(
    sequelize,
    'SELECT file_name, file_path, file_sha256, file_size::text AS file_size FROM console_import_files WHERE id = $1::uuid',
    [importId],
  );
  if (!run) throw new AppError('NOT_FOUND', `No import run ${importId} in this database's custody.`);
  const size = await inputFileSize(run.file_path);
  if (size !== Number(run.file_size)) {
    throw changedFile(run.file_path, `${size} bytes now, ${run.file_size} imported`);
  }
  const hash = crypto.createHash('sha256');
  const splitter = new LineSplitter();
  const out: string[] = [];
  let n = 0;
  const onLine = (bytes: Uint8Array) => {
    const r = importLine(bytes);
    n++;
    if (r.status === 'ok') return;
    const rejection = lineRejection(n, r);
    const kind = rejection.verdict === 'ok' ? 'not-importable' : rejection.verdict;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const raw =
      r.status === 'not-ok' && r.reason === 'bad-utf8' ? { raw_base64: buffer.toString('base64') } : { raw: buffer.toString('utf8') };
    out.push(JSON.stringify({ line: n, kind, reason: rejection.reason, message: rejection.message, ...raw }));
  };
  for await (const chunk of readChunks(run.file_path, { size, what: 'Export' })) {
    hash.update(chunk);
    splitter.push(chunk, onLine);
  }
  splitter.end(onLine);
  if (hash.digest('hex') !== run.file_sha256) {
    throw changedFile(run.file_path, `its SHA-256 is no longer ${run.file_sha256}`);
  }
  const stem = run.file_name.replace(/\.jsonl$/i, '').replace(/[^\w.-]+/g, '_');
  return {
    fileName: `${stem}-rejected-lines-${importId.slice(0, 8)}.jsonl`,
    mimeType: 'application/x-ndjson',
    content: out.length ? `${out.join('\n')}\n` : '',
  };
}
