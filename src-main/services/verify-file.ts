/**
 * Verifies an exported audit log file (jsonl-v1, DESIGN.md §2) of any size: the file is
 * streamed and split on the byte `\n`, each line verified on its own. Needs no database.
 */
import fs from 'node:fs';
import { verifyJsonlLine } from '../integrity/jsonl-v1';
import type { VerifyFileResult } from '../shared/verification';
import { LineSplitter } from '../integrity/line-splitter';
import { AppError } from '../shared/errors';

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

export type { VerifyFileEntry, VerifyFileResult } from '../shared/verification';

const CHUNK_BYTES = 1 << 20;

function abortError(signal: AbortSignal): Error {
  const error = new Error('Verification cancelled.', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function fileError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = (code !== undefined && REASONS[code]) || (error instanceof Error ? error.message : String(error));
  return new AppError('FILE_ERROR', `Cannot read ${path}: ${reason}.`, { cause: error });
}

/**
 * Verifies every line of a jsonl-v1 file. Rejects with `AppError('FILE_ERROR')` when the
 * file cannot be read, with an 'AbortError' when `options.signal` is aborted.
 */
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<VerifyFileResult> {
  const { onProgress, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  let total: number;
  try {
    const stat = await fs.promises.stat(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    total = stat.size;
  } catch (error) {
    throw fileError(path, error);
  }
  if (signal?.aborted) throw abortError(signal);

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
  const onAbort = () => stream.destroy(abortError(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  let done = 0;
  try {
    onProgress?.({ done, total });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw abortError(signal);
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
  if (signal?.aborted) throw abortError(signal);
  splitter.end(onLine);
  result.total = entries.length;
  return result;
}
