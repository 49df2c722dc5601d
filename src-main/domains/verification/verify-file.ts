/**
 * Verifies an exported audit log file (jsonl-v1, DESIGN.md §2) of any size: the file is
 * streamed and split on the byte `\n`, each line verified on its own. Needs no database.
 */
import fs from 'node:fs';
import { verifyJsonlLine } from '../../integrity/jsonl-v1';
import type { VerifyFileResult } from '../../shared/model/verification';
import { abortError, fileError } from '../../platform/files/file-errors';
import { LineSplitter } from '../../integrity/line-splitter';

export interface VerifyFileProgress {
  /** Bytes read so far. */
  done: number;
  /** The file's size when verification started. */
  total: number;
}

export interface VerifyFileOptions {
  /** Called after each chunk read (and once at the start with done 0). */
  onProgress?: (progress: VerifyFileProgress) => void;
  /** Aborting it stops the verification, which then rejects with an error named 'AbortError'. */
  signal?: AbortSignal;
}

export type { VerifyFileEntry, VerifyFileResult } from '../../shared/model/verification';

const CHUNK_BYTES = 1 << 20;

/**
 * Verifies every line of a jsonl-v1 file. Rejects with `AppError('FILE_ERROR')` when the
 * file cannot be read, with an 'AbortError' when `options.signal` is aborted.
 */
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<VerifyFileResult> {
  const { onProgress, signal } = options;
  if (signal?.aborted) throw abortError(signal, 'Verification');
  let total: number;
  try {
    const stat = await fs.promises.stat(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    total = stat.size;
  } catch (error) {
    throw fileError(path, error);
  }
  if (signal?.aborted) throw abortError(signal, 'Verification');

  const result: VerifyFileResult = { format: 'jsonl-v1', total: 0, ok: 0, tampered: 0, malformed: 0, entries: [] };
  const entries = result.entries;
  const onLine = (line: Uint8Array) => {
    const r = verifyJsonlLine(line);
    const n = entries.length + 1;
    if (r.verdict === 'ok') {
      result.ok++;
      entries.push({ line: n, verdict: 'ok' });
    } else {
      if (r.verdict === 'tampered') result.tampered++;
      else result.malformed++;
      entries.push({ line: n, verdict: r.verdict, reason: r.reason });
    }
  };

  const splitter = new LineSplitter();
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  // Also stop a read that is waiting for data (a slow disk, a pipe).
  const onAbort = () => stream.destroy(abortError(signal!, 'Verification'));
  signal?.addEventListener('abort', onAbort, { once: true });
  let done = 0;
  try {
    onProgress?.({ done, total });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw abortError(signal, 'Verification');
      splitter.push(chunk, onLine);
      done += chunk.length;
      onProgress?.({ done, total });
    }
  } catch (error) {
    stream.destroy();
    // Read errors carry an errno code; anything else (a throwing callback) passes through.
    if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && (error as Error).name !== 'AbortError') {
      throw fileError(path, error);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError(signal, 'Verification');
  splitter.end(onLine);
  result.total = entries.length;
  return result;
}
