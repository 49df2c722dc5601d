import { AppError } from '../../shared/errors';

/** The errors of the jobs that read a file: cancelled, or the file cannot be read. */

/** An error named 'AbortError' (what callers test for), carrying the signal's reason. */
export function abortError(signal: AbortSignal, what: string): Error {
  const error = new Error(`${what} cancelled.`, { cause: signal.reason });
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

/** FILE_ERROR naming the path and, for the usual errno codes, the reason in words. */
export function fileError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = (code !== undefined && REASONS[code]) || (error instanceof Error ? error.message : String(error));
  return new AppError('FILE_ERROR', `Cannot read ${path}: ${reason}.`, { cause: error });
}
