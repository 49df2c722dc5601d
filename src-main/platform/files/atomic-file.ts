/** The console's own files (profiles, secrets, settings): written atomically, read tolerantly, one writer at a time. */
import { ensureDir } from './app-paths';
import { fileError } from './file-errors';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Writes a file so that a reader sees either the old or the new content, never a torn one:
 * a temporary file in the same folder, fsync, rename over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await ensureDir(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw fileError(`Cannot write ${file}`, e);
  }
  // Make the rename itself durable. Not possible on every platform (Windows): best effort.
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* directory fsync unsupported */
  }
}

/** Reads a UTF-8 file; undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileError(`Cannot read ${file}`, e);
  }
}

/** Reads a JSON file; undefined when missing, FILE_ERROR (naming the file) when not JSON. */
export async function readJsonIfExists(file: string): Promise<unknown> {
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AppError(
      'FILE_ERROR',
      `${file} is corrupt (not valid JSON: ${(e as Error).message}). Restore it from a backup or move it aside.`,
      { cause: e },
    );
  }
}

/** Serialises async writers of one file inside this process (read-modify-write safety). */
export class FileLock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
