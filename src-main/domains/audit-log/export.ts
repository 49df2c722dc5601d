/**
 * Export of a filtered audit log as CSV or JSONL, streamed from PostgreSQL to a file in the main
 * process (never through the window): keyset batches of the page query on one connection in one
 * REPEATABLE READ snapshot, oldest first, hashed as written. The file appears only when complete
 * (written beside it under a temporary name, then renamed), with a manifest next to it: the
 * filter, the row count and the file's SHA-256. Cancelling or a failure leaves neither.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '../../shared/errors';
import { printFilter } from '../../shared/model/audit-filter';
import type { AuditExportManifest, AuditExportResult, ExportFormat } from '../../shared/model/audit-log';
import { AUDIT_LOG_COLUMNS } from '../../schema/audit-logs';
import { connectClient } from '../../platform/db/pg-client';
import { writeFileAtomic } from '../../platform/files/atomic-file';
import { fileError } from '../../platform/files/file-errors';
import type { JobOptions } from '../../platform/jobs/job-context';
import { isoSql } from '../../platform/db/sql/timestamps';
import { nowOf, type ReadOptions } from '../../platform/db/sql/options';
import { estimateCountOnClient } from './count-client';
import { filterOf } from './list';
import { segmentQuery, segmentsFrom, type Position } from './page-query';

const BATCH = 5000;

const TIMESTAMP_COLUMNS = new Set(['created_at']);
const JSON_COLUMNS = new Set(['parameters', 'input_sources', 'input_constraints', 'mission_success_criteria']);

/** Every column as text (timestamps as ISO 8601 UTC with microseconds), in the table's order. */
const CSV_COLUMNS = AUDIT_LOG_COLUMNS.map((c) => (TIMESTAMP_COLUMNS.has(c) ? `${isoSql(`a.${c}`)} AS ${c}` : `a.${c}::text AS ${c}`)).join(
  ', ',
);
/** One JSON object per row, built by the server (JSON columns as JSON, not as strings). */
const JSONL_COLUMN = `json_build_object(${AUDIT_LOG_COLUMNS.map((c) =>
  TIMESTAMP_COLUMNS.has(c) ? `'${c}', ${isoSql(`a.${c}`)}` : JSON_COLUMNS.has(c) ? `'${c}', a.${c}` : `'${c}', a.${c}`,
).join(', ')})::text AS line`;
const CURSOR_COLUMNS = `a.id::text AS k_id, ${isoSql('a.created_at')} AS k_created_at`;

/** RFC 4180: quoted when needed, quotes doubled; NULL is an empty field, an empty string `""`. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '' || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
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
    const write = async (text: string) => {
      const buf = Buffer.from(text, 'utf8');
      hash.update(buf);
      bytes += buf.length;
      if (!file!.write(buf)) await once(file!, 'drain');
    };
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const total = await estimateCountOnClient(client, filter, now);
    options.progress?.(0, total);
    if (request.format === 'csv') await write(`${AUDIT_LOG_COLUMNS.join(',')}\r\n`);
    const columns = `${CURSOR_COLUMNS}, ${request.format === 'csv' ? CSV_COLUMNS : JSONL_COLUMN}`;
    let from: Position | null = null;
    for (const segment of segmentsFrom(null, true)) {
      for (;;) {
        options.signal?.throwIfAborted();
        const q = segmentQuery(filter, now, segment, from, true, BATCH, columns);
        const result = await client.query<Record<string, string | null>>(q.sql, q.values);
        if (result.rows.length === 0) break;
        let chunk = '';
        for (const r of result.rows) {
          chunk += request.format === 'csv' ? `${AUDIT_LOG_COLUMNS.map((c) => csvField(r[c] ?? null)).join(',')}\r\n` : `${r.line}\n`;
        }
        await write(chunk);
        rows += result.rows.length;
        const last = result.rows[result.rows.length - 1]!;
        from = { createdAt: last.k_created_at ? last.k_created_at.replace('T', ' ').replace(/Z$/, '') : null, id: last.k_id! };
        options.progress?.(rows, Math.max(total, rows));
        if (result.rows.length < BATCH) break;
      }
      // The undated segment starts from its own beginning.
      if (segment === 'dated') from = from && from.createdAt === null ? from : null;
    }
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
