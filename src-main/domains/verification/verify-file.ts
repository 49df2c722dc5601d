/**
 * Verifies an exported audit log file (jsonl-v1, docs/formats.md) of any size: the file is
 * streamed and split on the byte `\n`, each line verified on its own. Needs no database.
 */
import { verifyJsonlLine } from '../../integrity/jsonl-v1';
import type { VerifyFileResult } from '../../shared/model/verification';
import { abortError } from '../../platform/files/file-errors';
import { inputFileSize, readChunks } from '../../platform/files/input-file';
import type { JobOptions } from '../../platform/jobs/job-context';
import { LineSplitter, lineTooLongMessage } from '../../integrity/line-splitter';

/**
 * progress(bytes read, file size) after each chunk (and once at the start with 0); aborting
 * the signal stops the verification, which then rejects with an error named 'AbortError'.
 */
export interface VerifyFileOptions extends JobOptions {
  /** A line longer than this (bytes, without its `\n`) is malformed, `line-too-long`, unread. Default 16 MiB. */
  maxLineBytes?: number;
}

export type { VerifyFileEntry, VerifyFileResult } from '../../shared/model/verification';

/**
 * Verifies every line of a jsonl-v1 file. Rejects with `AppError('FILE_ERROR')` when the
 * file cannot be read, with an 'AbortError' when `options.signal` is aborted.
 */
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<VerifyFileResult> {
  const { progress, signal } = options;
  if (signal?.aborted) throw abortError(signal, 'Verification');
  const total = await inputFileSize(path);
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

  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  const onOversized = (bytes: number) => {
    result.malformed++;
    const line = entries.length + 1;
    const message = lineTooLongMessage(line, bytes, splitter.maxLineBytes);
    entries.push({ line, verdict: 'malformed', reason: 'line-too-long', message });
  };
  let done = 0;
  progress?.(done, total);
  for await (const chunk of readChunks(path, { signal, what: 'Verification' })) {
    splitter.push(chunk, onLine, onOversized);
    done += chunk.length;
    progress?.(done, total);
  }
  splitter.end(onLine, onOversized);
  result.total = entries.length;
  return result;
}
