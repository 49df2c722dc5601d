import { AppError } from '../shared/errors';

/**
 * Identifiers (database, role, table names) cannot be bound parameters, so they are checked
 * and quoted here — the one place SQL text is built from a value. Everything else binds.
 */
const SAFE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

export function quoteIdentifier(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) {
    throw new AppError('VALIDATION', `"${name.slice(0, 80)}" is not an acceptable name: use letters, digits, _ or -, at most 63 characters, starting with a letter or _.`);
  }
  return `"${name}"`;
}
