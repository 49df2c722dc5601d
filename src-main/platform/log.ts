/**
 * The main process's log. Lines go to stderr; callers pass messages and errors, never inputs
 * or connection strings (which may hold secrets). Connection URLs are scrubbed anyway.
 */
import { scrubSecrets } from './secrets/scrub';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export function stderrLogger(prefix = 'govcon'): Logger {
  const write = (level: string, message: string) =>
    process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${scrubSecrets(message)}\n`);
  return {
    info: (message) => write('info', message),
    error: (message, error) => {
      const detail =
        error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
      write('error', detail ? `${message} — ${detail}` : message);
    },
  };
}
