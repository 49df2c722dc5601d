/** The one way a file problem becomes an error a person can act on, and the cancelled-read error. */
import { AppError } from '../../shared/errors';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error',
};

/**
 * FILE_ERROR: `what` (e.g. "Cannot read /x/audit.jsonl") and the reason, in words for the
 * usual errno codes with the code itself after, e.g. "Cannot read /x: no such file (ENOENT)."
 * `hint` says what to do, when there is something to say.
 */
export function fileError(what: string, cause: unknown, hint?: string): AppError {
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  const words = code !== undefined ? REASONS[code] : undefined;
  const reason = words ? `${words} (${code})` : code ? code : cause instanceof Error ? cause.message : String(cause);
  return new AppError('FILE_ERROR', `${what}: ${reason}.${hint ? ` ${hint}` : ''}`, { cause });
}

/** An error named 'AbortError' (what callers test for), carrying the signal's reason. */
export function abortError(signal: AbortSignal, what: string): Error {
  const error = new Error(`${what} cancelled.`, { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
