import { AppError } from '../../../shared/errors';

/**
 * Identifiers (database, role, table names) cannot be bound parameters, so they are checked
 * and quoted here — the one place SQL text is built from a value. Everything else binds.
 */
const MAX_IDENTIFIER_BYTES = 63; // NAMEDATALEN - 1: PostgreSQL silently truncates longer names

/**
 * Checks that `name` can be a PostgreSQL identifier exactly as given (not empty, at most 63
 * bytes, no control characters) and quotes it, doubling any double quote.
 */
export function quoteIdentifier(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new AppError('VALIDATION', 'A name is required.');
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new AppError('VALIDATION', `The name "${name.slice(0, 20)}…" is longer than ${MAX_IDENTIFIER_BYTES} bytes.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new AppError('VALIDATION', 'A name cannot contain control characters.');
  return `"${name.replace(/"/g, '""')}"`;
}
