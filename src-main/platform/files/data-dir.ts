/**
 * The console's data folder at start-up: private to its owner, and free of the temporary files
 * of writes a killed process left behind (writeFileAtomic writes `.<name>.<pid>.<random>.tmp`
 * and renames it over the file; a kill between the two leaves the temporary file, never a
 * torn target).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureDir } from './app-paths';
import { fileError } from './file-errors';

/** writeFileAtomic's temporary names: `.<file name>.<pid>.<12 hex digits>.tmp`. */
const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** A temporary file this old is an orphan even if its PID has been reused since. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

export interface PreparedDataDir {
  /** The folder's mode was looser than 0700 (group or others had access) and was tightened. */
  tightened: boolean;
  /** Orphaned temporary files removed (names only). */
  removed: string[];
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the folder if needed, tightens its mode to 0700 when group or others can reach it (not
 * on Windows, where modes mean nothing), and removes the temporary files of writers that are
 * gone. A temporary file of a live process (another console writing right now) is left alone,
 * unless it is over an hour old.
 */
export async function prepareDataDir(dir: string, platform: NodeJS.Platform = process.platform): Promise<PreparedDataDir> {
  await ensureDir(dir);
  let tightened = false;
  try {
    if (platform !== 'win32') {
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o077) !== 0) {
        await fs.chmod(dir, 0o700);
        tightened = true;
      }
    }
  } catch (error) {
    throw fileError(`Cannot make the data folder ${dir} private`, error);
  }
  const removed: string[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const m = TEMPORARY.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const stat = await fs.lstat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    if (alive(Number(m[1])) && Date.now() - stat.mtimeMs < ORPHAN_AFTER_MS) continue;
    await fs.rm(file, { force: true });
    removed.push(name);
  }
  return { tightened, removed };
}
