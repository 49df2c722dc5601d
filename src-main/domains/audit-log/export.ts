/**
 * Export of a filtered audit log as CSV or JSONL, streamed from PostgreSQL to a file in the main
 * process (never through the window): one COPY … TO STDOUT of the filtered rows, oldest first, in
 * one REPEATABLE READ snapshot, hashed as it is written. PostgreSQL formats the rows (CSV quoting,
 * JSON), so the rate is close to psql's own COPY.
 *
 * COPY takes no bound parameters, and the console builds no SQL from values: the filter's values
 * are bound to set_config() (transaction-local settings, allowed on read-only connections too),
 * and the COPY's query reads them back with current_setting(), a stable function the planner
 * uses as an index bound like a parameter.
 *
 * The file appears only when complete (written beside it under a temporary name, then renamed),
 * with a manifest next to it: the filter, the row count and the file's SHA-256. Cancelling or a
 * failure leaves neither.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppError } from '../../shared/errors';
import { printFilter } from '../../shared/model/audit-filter';
import type { AuditExportManifest, AuditExportResult, ExportFormat } from '../../shared/model/audit-log';
import { AUDIT_LOG_COLUMNS } from '../../schema/audit-logs';
import { connectClient } from '../../platform/db/pg-client';
import { writeFileAtomic } from '../../platform/files/atomic-file';
import { fileError } from '../../platform/files/file-errors';
import type { JobOptions } from '../../platform/jobs/job-context';
import { isoSql } from '../../platform/db/sql/timestamps';
import { Params } from '../../platform/db/sql/params';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';
import { estimateCountOnClient } from './count-client';
import { filterTerms } from './filter-sql';
import { filterOf } from './list';

const TIMESTAMP_COLUMNS = new Set(['created_at']);
/** Every column (timestamps as ISO 8601 UTC with microseconds), in the table's order. */
const CSV_COLUMNS = AUDIT_LOG_COLUMNS.map((c) => (TIMESTAMP_COLUMNS.has(c) ? `${isoSql(`a.${c}`)} AS ${c}` : `a.${c}`)).join(', ');
/** One JSON object per row, built by the server (JSON columns as JSON, not as strings). */
const JSONL_COLUMN = `json_build_object(${AUDIT_LOG_COLUMNS.map((c) =>
  TIMESTAMP_COLUMNS.has(c) ? `'${c}', ${isoSql(`a.${c}`)}` : `'${c}', a.${c}`,
).join(', ')})::text`;
/**
 * COPY's CSV with a quote and delimiter no JSON text holds raw (json_build_object escapes every
 * control character): each JSON line comes out exactly as built, one per line.
 */
const JSONL_OPTIONS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'";
const SETTING = (n: number) => `govcon_export.p${n}`;

/** A bound value as the text of a setting: arrays as PostgreSQL array literals. */
export function settingText(value: unknown): string {
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return String(value);
}

/** The COPY statement for the filter, and the values to bind to its settings first. */
export function exportCopy(filter: ReturnType<typeof filterOf>, now: Date, format: ExportFormat): { copy: string; values: string[] } {
  const p = new Params();
  const where = filterTerms(p, filter, now).map((term) =>
    term.replace(/\$(\d+)/g, (_, n: string) => `current_setting('${SETTING(Number(n))}')`),
  );
  const select = `SELECT ${format === 'csv' ? CSV_COLUMNS : JSONL_COLUMN} FROM audit_logs a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY a.created_at, a.id`;
  const options = format === 'csv' ? 'FORMAT csv, HEADER' : JSONL_OPTIONS;
  return { copy: `COPY (${select}) TO STDOUT WITH (${options})`, values: p.values.map(settingText) };
}

export interface ExportRequest {
  filter: string;
  format: ExportFormat;
  out: string;
}

export async function exportAuditLog(
  config: pg.ClientConfig,
  request: ExportRequest,
  options: JobOptions & ReadOptions = {},
): Promise<AuditExportResult> {
  const started = Date.now();
  const now = nowOf(options);
  const filter = filterOf(request.filter);
  const out = path.resolve(request.out);
  if (fs.existsSync(out)) throw new AppError('CONFLICT', `${out} exists already: choose another file name or remove it first.`);
  const manifestPath = `${out}.manifest.json`;
  if (fs.existsSync(manifestPath)) throw new AppError('CONFLICT', `${manifestPath} exists already: remove it or choose another name.`);
  if (!fs.existsSync(path.dirname(out))) throw new AppError('FILE_ERROR', `The folder ${path.dirname(out)} does not exist.`);
  options.signal?.throwIfAborted();

  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${crypto.randomBytes(6).toString('hex')}.partial`);
  const client = await connectClient({ ...config, statement_timeout: 0 });
  const onAbort = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  let rows = 0;
  let file: fs.WriteStream | null = null;
  try {
    file = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    await once(file, 'open');
    const write = async (buf: Buffer) => {
      hash.update(buf);
      bytes += buf.length;
      if (!file!.write(buf)) await once(file!, 'drain');
    };
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const total = await estimateCountOnClient(client, filter, now);
    options.progress?.(0, total);
    const { copy, values } = exportCopy(filter, now, request.format);
    for (let i = 0; i < values.length; i++) await client.query('SELECT set_config($1, $2, true)', [SETTING(i + 1), values[i]]);
    const stream = client.query(copyTo(copy));
    let lines = 0;
    let reported = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      await write(chunk);
      // Progress by line ends (a CSV value may hold one: only the final count is exact).
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (lines - reported >= 20_000) {
        reported = lines;
        options.progress?.(lines, Math.max(total, lines));
      }
      options.signal?.throwIfAborted();
    }
    rows = (stream as unknown as { rowCount: number }).rowCount;
    await client.query('COMMIT');
    file.end();
    await once(file, 'finish');
    await fs.promises.rename(tmp, out).catch((e: unknown) => {
      throw fileError(`Cannot write ${out}`, e);
    });
    const manifest: AuditExportManifest = {
      format: 'govcon-audit-export/v1',
      file: path.basename(out),
      file_format: request.format,
      filter: printFilter(filter),
      order: 'oldest',
      rows,
      bytes,
      sha256: hash.digest('hex'),
      exported_at: new Date().toISOString(),
      duration_ms: Date.now() - started,
    };
    await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, 0o644);
    options.progress?.(rows, rows);
    return { ...manifest, manifest: manifestPath };
  } catch (error) {
    file?.destroy();
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    if (options.signal?.aborted) throw options.signal.reason;
    if (
      (error as NodeJS.ErrnoException).code &&
      !(error instanceof AppError) &&
      /^E[A-Z]+$/.test(String((error as NodeJS.ErrnoException).code))
    )
      throw fileError(`Cannot write ${out}`, error);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
