/**
 * Files a person hands the console to read (audit.jsonl exports, evidence, backups): their
 * size up front, then their bytes in large chunks, cancellable, with read errors as
 * FILE_ERROR naming the file.
 */
import fs from 'node:fs';
import { abortError, fileError } from './file-errors';

/** Chunks of 1 MiB: large enough that per-chunk work is noise, small enough to keep memory flat. */
export const CHUNK_BYTES = 1 << 20;

/** The file's size; FILE_ERROR when it is missing, unreadable or a directory. */
export async function inputFileSize(path: string): Promise<number> {
  try {
    const stat = await fs.promises.stat(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return stat.size;
  } catch (error) {
    throw fileError(`Cannot read ${path}`, error);
  }
}

export interface ReadChunksOptions {
  /** Read only the first `size` bytes (the file as it was measured), else to the end. */
  size?: number;
  signal?: AbortSignal;
  /** What is cancelled, for the AbortError's message ("Verification", "Import"). */
  what: string;
}

/**
 * The file's bytes in chunks. A cancel also stops a read that is waiting for data (a slow disk,
 * a pipe) and ends the iteration with an 'AbortError'; read errors become FILE_ERROR; an error
 * thrown by the consumer of a chunk passes through unchanged.
 */
export async function* readChunks(path: string, options: ReadChunksOptions): AsyncGenerator<Buffer> {
  const { signal, what, size } = options;
  if (signal?.aborted) throw abortError(signal, what);
  if (size === 0) return;
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES, start: 0, ...(size !== undefined ? { end: size - 1 } : {}) });
  const onAbort = () => stream.destroy(abortError(signal!, what));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw abortError(signal, what);
      yield chunk;
    }
  } catch (error) {
    if ((error as Error | null)?.name === 'AbortError') throw error;
    if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') throw fileError(`Cannot read ${path}`, error);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
  if (signal?.aborted) throw abortError(signal, what);
}

/**
 * {@link readChunks} into one buffer, refilled for each chunk: the chunk is valid only until
 * the next one is asked for. A long read then leaves no garbage behind (a fresh buffer per
 * chunk is collected late, and a fast reader can hold tens of megabytes of them). A cancel
 * stops the reading between chunks.
 */
export async function* readChunksReusing(path: string, options: ReadChunksOptions): AsyncGenerator<Buffer> {
  const { signal, what, size } = options;
  if (signal?.aborted) throw abortError(signal, what);
  if (size === 0) return;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path, 'r');
  } catch (error) {
    throw fileError(`Cannot read ${path}`, error);
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    let position = 0;
    for (;;) {
      if (signal?.aborted) throw abortError(signal, what);
      const want = size === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, size - position);
      if (want <= 0) break;
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, want, position));
      } catch (error) {
        throw fileError(`Cannot read ${path}`, error);
      }
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (signal?.aborted) throw abortError(signal, what);
}
