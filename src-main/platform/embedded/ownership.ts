import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { fileError } from '../files/file-errors';
import { serverAccount, type ServerAccount } from './account';

/**
 * Who owns the cluster folder. When we are root the server runs as the `postgres` account
 * (see account.ts): the cluster folder must be owned by it with mode 0700 (PostgreSQL checks
 * both), and every folder above it must let it pass through.
 */

/** Gives a folder and everything in it to the account (symbolic links themselves, not their targets). */
export async function chownTree(dir: string, account: ServerAccount): Promise<void> {
  await fs.chown(dir, account.uid, account.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, account);
    else await fs.lchown(p, account.uid, account.gid);
  }
}

/** The first folder above `dir` the account may not pass through (x permission), if any. */
export async function blockedAncestor(dir: string, account: ServerAccount): Promise<string | undefined> {
  let cur = path.dirname(path.resolve(dir));
  for (;;) {
    const st = await fs.stat(cur);
    const bit = st.uid === account.uid ? 0o100 : st.gid === account.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return cur;
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

/**
 * Root only (a no-op otherwise): the server account can reach the cluster folder, owns it
 * and everything in it, and the folder is 0700. A folder not created yet is left to initdb.
 */
export async function prepareClusterOwnership(dataDir: string): Promise<void> {
  const account = await serverAccount();
  if (!account) return;
  const blocked = await blockedAncestor(dataDir, account);
  if (blocked) {
    throw new AppError(
      'FILE_ERROR',
      `The embedded PostgreSQL runs as the "postgres" account (PostgreSQL refuses root) and cannot pass through ${blocked}. ` +
        `Set GOVCON_DATA_DIR to a folder it can reach (e.g. /var/lib/governance-console) or allow it through (chmod o+x ${blocked}).`,
    );
  }
  try {
    const st = await fs.stat(dataDir);
    if (st.uid !== account.uid || st.gid !== account.gid) await chownTree(dataDir, account);
    if ((st.mode & 0o077) !== 0) await fs.chmod(dataDir, 0o700);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(`Cannot give ${dataDir} to the postgres account`, e);
  }
}

/** Writes a file with `mode`, owned by the server's account when we are root (certificates, pg_hba.conf). */
export async function writeServerFile(file: string, content: string | Buffer, mode: number): Promise<void> {
  await fs.writeFile(file, content, { mode });
  await fs.chmod(file, mode);
  const account = await serverAccount();
  if (account) await fs.chown(file, account.uid, account.gid);
}
