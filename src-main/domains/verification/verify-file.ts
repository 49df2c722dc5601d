/**
 * Verifies an exported audit log file (jsonl-v1, docs/formats.md) of any size: the file is
 * streamed and split on the byte `\n`, each line verified on its own. Needs no database.
 * The bytes judged are exactly the `size` measured at the start, and their SHA-256 is taken
 * on the way, so the result names what it judged.
 */
import crypto from 'node:crypto';
import { verifyJsonlLine } from '../../integrity/jsonl-v1';
import type { VerifyFileEntry, VerifyFileResult } from '../../shared/model/verification';
import { abortError } from '../../platform/files/file-errors';
import { inputFileSize, readChunks } from '../../platform/files/input-file';
import type { JobOptions } from '../../platform/jobs/job-context';
import { LineSplitter, lineTooLongMessage } from '../../integrity/line-splitter';

/**
 * progress(bytes read, file size) after each chunk (and once at the start with 0); aborting
 * the signal stops the verification, which then rejects with an error named 'AbortError'.
 */
export interface VerifyFileOptions extends JobOptions {
  /** At most this many failing lines are listed (all are counted); default 100,000. */
  maxListed?: number;
  /** List every line with its verdict (`--all`). */
  all?: boolean;
  /** A line longer than this (bytes, without its `\n`) is malformed, `line-too-long`, unread. Default 16 MiB. */
  maxLineBytes?: number;
}

export type { VerifyFileEntry, VerifyFileResult } from '../../shared/model/verification';

const MAX_LISTED = 100_000;

/**
 * Verifies every line of a jsonl-v1 file. Rejects with `AppError('FILE_ERROR')` when the
 * file cannot be read, with an 'AbortError' when `options.signal` is aborted.
 */
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<VerifyFileResult> {
  const { progress, signal } = options;
  if (signal?.aborted) throw abortError(signal, 'Verification');
  const maxListed = options.maxListed ?? MAX_LISTED;
  const size = await inputFileSize(path);
  const entries: VerifyFileEntry[] | null = options.all ? [] : null;
  const result: VerifyFileResult = {
    format: 'jsonl-v1',
    file: { path, size, sha256: '' },
    total: 0,
    ok: 0,
    tampered: 0,
    malformed: 0,
    failures: [],
    failures_not_listed: 0,
    entries,
  };
  const onLine = (line: Uint8Array) => {
    const r = verifyJsonlLine(line);
    const n = ++result.total;
    if (r.verdict === 'ok') {
      result.ok++;
      entries?.push({ line: n, verdict: 'ok' });
      return;
    }
    if (r.verdict === 'tampered') result.tampered++;
    else result.malformed++;
    const entry: VerifyFileEntry = { line: n, verdict: r.verdict, reason: r.reason };
    entries?.push(entry);
    if (result.failures.length < maxListed) result.failures.push(entry);
    else result.failures_not_listed++;
  };

  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  // A line over the limit is counted, not kept (a 600 MiB line must not become a string).
  const onOversized = (bytes: number) => {
    const n = ++result.total;
    result.malformed++;
    const entry: VerifyFileEntry = {
      line: n,
      verdict: 'malformed',
      reason: 'line-too-long',
      message: lineTooLongMessage(n, bytes, splitter.maxLineBytes),
    };
    entries?.push(entry);
    if (result.failures.length < maxListed) result.failures.push(entry);
    else result.failures_not_listed++;
  };
  const hash = crypto.createHash('sha256');
  let done = 0;
  progress?.(done, size);
  for await (const chunk of readChunks(path, { size, signal, what: 'Verification' })) {
    hash.update(chunk);
    splitter.push(chunk, onLine, onOversized);
    done += chunk.length;
    progress?.(done, size);
  }
  splitter.end(onLine, onOversized);
  result.file.sha256 = hash.digest('hex');
  return result;
}
