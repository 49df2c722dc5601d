/**
 * Files a person hands the console to read (audit.jsonl exports, evidence, backups, PEM files):
 * the one reader of paths that come from outside. Only regular files are read: a device
 * (`/dev/zero` never ends), a FIFO (blocks for ever with no writer), a socket or a directory is
 * refused with FILE_ERROR naming the path and what it is, before a byte is read. A regular file
 * of any size is read in large chunks, cancellable, with read errors as FILE_ERROR naming it.
 */
import fs from 'node:fs';
import { abortError, fileError } from './file-errors';
import { AppError } from '../../shared/errors';

/** Chunks of 1 MiB: large enough that per-chunk work is noise, small enough to keep memory flat. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Opening never waits: O_NONBLOCK makes open() of a FIFO return at once instead of waiting for
 * a writer (it changes nothing for a regular file), and O_NOCTTY keeps a terminal device from
 * becoming ours. Both are 0 where the platform has no such flag (Windows).
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/** What a path is, in words, for the refusal. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notRegular(path: string, stat: fs.Stats): AppError {
  return new AppError(
    'FILE_ERROR',
    `Cannot read ${path}: it is ${fileKind(stat)}, not a regular file. Only regular files are read (copy the data into a file first).`,
  );
}

/** An open regular file and its size when it was opened. */
export interface InputFile {
  handle: fs.promises.FileHandle;
  size: number;
}

/**
 * Opens `path` for reading if it is a regular file. The kind is checked twice: on the path
 * before opening (a socket cannot even be opened, and a FIFO should not be), and on the open
 * descriptor, so a path swapped for something else in between is refused too.
 */
export async function openInputFile(path: string): Promise<InputFile> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    const before = await fs.promises.stat(path);
    if (!before.isFile()) throw notRegular(path, before);
    handle = await fs.promises.open(path, OPEN_FLAGS);
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(path, stat);
    return { handle, size: stat.size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (error instanceof AppError) throw error;
    throw fileError(`Cannot read ${path}`, error);
  }
}

/** The file's size; FILE_ERROR when it is missing, unreadable or not a regular file. */
export async function inputFileSize(path: string): Promise<number> {
  const { handle, size } = await openInputFile(path);
  await handle.close().catch(() => undefined);
  return size;
}

/** A small regular file read whole (a PEM certificate or key); FILE_ERROR as openInputFile. */
export async function readInputFile(path: string): Promise<Buffer> {
  const { handle } = await openInputFile(path);
  try {
    return await handle.readFile();
  } catch (error) {
    throw fileError(`Cannot read ${path}`, error);
  } finally {
    await handle.close().catch(() => undefined);
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
 * The file's bytes in chunks. A cancel also stops a read that is waiting for data (a slow disk)
 * and ends the iteration with an 'AbortError'; read errors become FILE_ERROR; an error thrown by
 * the consumer of a chunk passes through unchanged. The descriptor is closed however it ends.
 */
export async function* readChunks(path: string, options: ReadChunksOptions): AsyncGenerator<Buffer> {
  const { signal, what, size } = options;
  if (signal?.aborted) throw abortError(signal, what);
  const { handle } = await openInputFile(path);
  if (size === 0) {
    await handle.close().catch(() => undefined);
    return;
  }
  const stream = handle.createReadStream({
    highWaterMark: CHUNK_BYTES,
    start: 0,
    autoClose: true,
    ...(size !== undefined ? { end: size - 1 } : {}),
  });
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
    await handle.close().catch(() => undefined);
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
