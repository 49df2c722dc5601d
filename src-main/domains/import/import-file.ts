/**
 * Imports the service's `logs/audit.jsonl` into `audit_logs`, with a chain of custody
 * (tables console_import_files and console_import_lines, migration
 * 20261127T010000-import-custody). docs/formats.md describes jsonl-v1 and db-v1;
 * docs/architecture.md where the import runs.
 *
 * - The file is streamed and split on `\n`; each line is verified by jsonl-v1 and mapped
 *   onto a row (map-line.ts). Only ok lines that fit the table's constraints are imported;
 *   every other line is reported with its number and reason (rejections.ts).
 * - A line is recognised by (trace_id, original hash), never by its position: lines already
 *   in custody (an earlier import, an earlier line of this file) are skipped, and so are
 *   lines whose row the service already wrote itself (same trace_id, same db-v1 hash). So
 *   importing the same file again, or a later copy of a log that has grown or been rotated,
 *   imports nothing twice.
 * - Lines go in batches (5,000 by default), each in its own transaction (batch-writer.ts).
 *   An interrupted import (killed process, lost connection) leaves whole batches only, and
 *   running it again completes it.
 * - Two connections write batches side by side while the next batch is read and verified
 *   (batch-pipeline.ts); batch data is encoded into COPY as lines are read, off the
 *   JavaScript heap (batch.ts). A line repeated in two batches written at once makes the
 *   later one wait, fail on custody's UNIQUE (trace_id, original_hash) and be classified
 *   again. One import runs at a time per database (session.ts; a second one waits).
 * - Each run is one console_import_files row and, when it ends, one console_events row
 *   (operator, file name, SHA-256, counts), written in the same transaction (import-run.ts).
 * - The file is read twice: once for its SHA-256, recorded before anything is imported, then
 *   for its lines. Both reads take exactly the `size` bytes measured at the start, and a file
 *   whose bytes changed between them fails the run (the lines imported stay: each was verified).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { abortError } from '../../platform/files/file-errors';
import { inputFileSize, readChunksReusing } from '../../platform/files/input-file';
import type { JobOptions } from '../../platform/jobs/job-context';
import { LineSplitter, lineTooLongMessage } from '../../integrity/line-splitter';
import { AppError } from '../../shared/errors';
import type { Operator } from '../../shared/model/operator';
import type { ImportDifference, ImportEntry, ImportResult } from '../../shared/model/verification';
import { Batch } from './batch';
import { BatchPipeline } from './batch-pipeline';
import { BatchWriter } from './batch-writer';
import { emptyCounts, finishRun, startRun, type ImportCounts, type RunInfo } from './import-run';
import { importLine } from './map-line';
import { lineRejection, RejectionList, type ImportRejection } from './rejections';
import { closeInterruptedRuns, isDatabaseFailure, openJobClient, requireCustody, stoppedOnDatabase, takeImportLock } from './session';

export type { ImportRejection, ImportRejectionReason } from './rejections';

/** Where an import is, with its counts so far. */
export interface ImportProgress {
  bytes_done: number;
  bytes_total: number;
  /** Lines read and verified so far. */
  lines: number;
  /** Lines committed so far. */
  imported: number;
  already_present: number;
  duplicates: number;
  matched_existing: number;
  differs: number;
  rejected: number;
}

/**
 * How to import. `progress(done, total)` counts bytes of the file read; it is called after
 * each chunk read and each batch committed.
 */
export interface ImportJsonlOptions extends JobOptions {
  /** Who runs the import: recorded in custody and in the console event. */
  operator: Operator;
  /** Lines per transaction (default 5,000). */
  batchSize?: number;
  /** Connections writing batches side by side (default 2; 1 writes them strictly in file order). */
  connections?: number;
  /** Called with `progress`, when the line counts are wanted too. */
  progressDetail?: (progress: ImportProgress) => void;
  /**
   * Aborting stops the import after the batch being written (committed batches stay):
   * the run is recorded as cancelled, and the promise rejects with an 'AbortError'.
   */
  signal?: AbortSignal;
  /** At most this many rejected lines (and as many differences) are listed (all are counted); default 100,000. */
  maxListed?: number;
  /** A longer line (bytes, without its `\n`) is rejected as `line-too-long`, unread. Default 16 MiB. */
  maxLineBytes?: number;
  /** Record what became of every line (`--all`). */
  all?: boolean;
}

export interface ImportJsonlResult extends ImportResult {
  rejected: ImportRejection[];
}

/** Verdicts of the lines an import rejects, as an entry names them. */
function rejectionVerdict(r: ImportRejection): ImportEntry['verdict'] {
  if (r.verdict !== 'ok') return r.verdict;
  return r.reason === 'database-rejected' ? 'database-rejected' : 'not-importable';
}

const DEFAULT_BATCH = 5000;
const DEFAULT_CONNECTIONS = 2;
const MAX_CONNECTIONS = 8;
const MAX_LISTED = 100_000;
/** Bytes of the file verified between two turns of the event loop (about 2 ms of work). */
const SLICE_BYTES = 64 * 1024;

/** SHA-256 of the first `size` bytes of the file. */
async function fileSha256(file: string, size: number, signal: AbortSignal | undefined): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of readChunksReusing(file, { size, signal, what: 'Import' })) hash.update(chunk);
  return hash.digest('hex');
}

interface ReadCallbacks {
  /** Each line's bytes, without the `\n`. */
  onLine(bytes: Uint8Array): void;
  /** A line over the limit, by its length. */
  onOversized(bytes: number): void;
  /** Each chunk's size, once its lines are split off. */
  onRead(bytes: number): void;
  /** After each chunk, once the batches it filled are handed over. */
  onChunkDone(): void;
}

/**
 * Reads the file's first `size` bytes, line by line into the pipeline, and waits until every
 * batch handed over is written; returns the SHA-256 of the bytes read. A cancel stops the
 * reading between chunks, or while one is being read: the batches handed over are still
 * written, the one being filled is dropped.
 */
async function readIntoPipeline(
  file: string,
  size: number,
  signal: AbortSignal | undefined,
  pipeline: BatchPipeline,
  splitter: LineSplitter,
  { onLine, onOversized, onRead, onChunkDone }: ReadCallbacks,
): Promise<string> {
  const hash = crypto.createHash('sha256');
  try {
    try {
      for await (const chunk of readChunksReusing(file, { size, signal, what: 'Import' })) {
        hash.update(chunk);
        for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
          splitter.push(chunk.subarray(at, at + SLICE_BYTES), onLine, onOversized);
          await pipeline.writeFull();
          // Verifying a slice takes milliseconds: between slices the connections' replies get in,
          // so each batch's next statement goes out at once (the writing overlaps the reading).
          await new Promise((resolve) => setImmediate(resolve));
        }
        onRead(chunk.length);
        onChunkDone();
        if (signal?.aborted) break;
      }
    } catch (error) {
      // A cancel that comes while a chunk is being read stops the reading, as one between chunks does.
      if (!(signal?.aborted && (error as Error | null)?.name === 'AbortError')) throw error;
    }
    if (signal?.aborted) {
      await pipeline.drain();
    } else {
      splitter.end(onLine, onOversized);
      await pipeline.finish();
    }
  } catch (error) {
    await pipeline.settle();
    throw error;
  }
  return hash.digest('hex');
}

/**
 * Imports a jsonl-v1 file into `audit_logs` over plain connections made from `config`.
 * Rejects with AppError FILE_ERROR (file unreadable, or changed while being imported),
 * SCHEMA_MISMATCH (database not migrated), a connection error code, or an 'AbortError'.
 */
export async function importJsonlFile(config: pg.ClientConfig, file: string, options: ImportJsonlOptions): Promise<ImportJsonlResult> {
  const started = Date.now();
  const { signal } = options;
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULT_BATCH));
  const connections = Math.min(MAX_CONNECTIONS, Math.max(1, Math.trunc(options.connections ?? DEFAULT_CONNECTIONS)));
  const operatorName = (options.operator.name ?? '').trim();
  if (!operatorName) throw new AppError('VALIDATION', 'An import needs an operator name.');
  const operatorEmail = options.operator.email?.trim() || null;
  signal?.throwIfAborted();

  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  const size = await inputFileSize(file);
  const sha256 = await fileSha256(file, size, signal);
  const run: RunInfo = { file: path.basename(file).slice(0, 255), path: path.resolve(file), sha256, size, operatorName, operatorEmail };

  const client = await openJobClient(config);
  const counts = emptyCounts();
  const maxListed = options.maxListed ?? MAX_LISTED;
  const rejections = new RejectionList(maxListed);
  const differences: ImportDifference[] = [];
  let differencesNotListed = 0;
  const entries: ImportEntry[] | null = options.all ? [] : null;
  const reject = (r: ImportRejection) => rejections.add(r);
  const recorder = {
    difference: (d: ImportDifference) => {
      if (differences.length < maxListed) differences.push(d);
      else differencesNotListed++;
    },
    ...(entries ? { entry: (e: ImportEntry) => entries.push(e) } : {}),
  };
  let importId: string | null = null;
  let runFinished = false;
  const others: pg.Client[] = [];
  try {
    await requireCustody(client);
    await takeImportLock(client, signal);
    await closeInterruptedRuns(client);
    importId = await startRun(client, run);
    const runId: string = importId;
    for (let i = 1; i < connections; i++) others.push(await openJobClient(config));
    const writers = [client, ...others].map((c) => new BatchWriter(c, runId, counts, reject, recorder));

    let bytesDone = 0;
    const report = () => {
      options.progress?.(bytesDone, size);
      options.progressDetail?.(progressOf(bytesDone, size, counts));
    };
    const pipeline = new BatchPipeline(writers, () => new Batch(batchSize, runId), report);
    const onLine = (bytes: Uint8Array) => {
      const n = ++counts.total;
      const r = importLine(bytes);
      if (r.status === 'ok') {
        pipeline.add(n, r.hash, bytes, r.row);
      } else {
        counts.rejected_total++;
        const rejection = lineRejection(n, r);
        reject(rejection);
        entries?.push({ line: n, verdict: rejectionVerdict(rejection), reason: rejection.reason, id: null });
      }
    };
    const onOversized = (bytes: number) => {
      const line = ++counts.total;
      counts.rejected_total++;
      const message = lineTooLongMessage(line, bytes, splitter.maxLineBytes);
      reject({ line, verdict: 'malformed', reason: 'line-too-long', message });
    };
    const onRead = (bytes: number) => {
      bytesDone += bytes;
    };

    report();
    const readSha = await readIntoPipeline(file, size, signal, pipeline, splitter, { onLine, onOversized, onRead, onChunkDone: report });
    report();

    const status = signal?.aborted ? 'cancelled' : 'completed';
    const changed = status === 'completed' && readSha !== sha256;
    const eventId = await finishRun(client, runId, changed ? 'failed' : status, counts, changed ? { ...run, sha256_read: readSha } : run);
    runFinished = true;
    if (changed) {
      throw new AppError(
        'FILE_ERROR',
        `${file} changed while it was being imported (its SHA-256 is no longer ${sha256}). ` +
          `The ${counts.imported} lines imported were verified one by one and stay; import again from a copy that is not being written to.`,
      );
    }
    if (status === 'cancelled') throw abortError(signal!, 'Import');
    // Batches commit side by side: the lists are put back in file order.
    differences.sort((a, b) => a.line - b.line);
    entries?.sort((a, b) => a.line - b.line);
    return {
      format: 'jsonl-v1',
      file: { path: file, size, sha256 },
      import_id: runId,
      total: counts.total,
      imported: counts.imported,
      already_present: counts.already_present,
      duplicates: counts.duplicates,
      matched_existing: counts.matched_existing,
      differs: counts.differs,
      differences,
      rejected_total: counts.rejected_total,
      rejected: rejections.listed.sort((a, b) => a.line - b.line),
      rejected_not_listed: rejections.notListed,
      differences_not_listed: differencesNotListed,
      entries,
      duration_ms: Date.now() - started,
      event_id: eventId,
    };
  } catch (error) {
    if (importId !== null && !runFinished && (error as Error).name !== 'AbortError') {
      // Best effort: on a lost connection this fails too, and the run stays 'running'.
      await finishRun(client, importId, 'failed', counts, run).catch(() => undefined);
    }
    if (isDatabaseFailure(error)) throw stoppedOnDatabase(error, counts.imported, config);
    throw error;
  } finally {
    await Promise.all([client, ...others].map((c) => c.end().catch(() => undefined)));
  }
}

function progressOf(bytesDone: number, bytesTotal: number, counts: ImportCounts): ImportProgress {
  return {
    bytes_done: bytesDone,
    bytes_total: bytesTotal,
    lines: counts.total,
    imported: counts.imported,
    already_present: counts.already_present,
    duplicates: counts.duplicates,
    matched_existing: counts.matched_existing,
    differs: counts.differs,
    rejected: counts.rejected_total,
  };
}
