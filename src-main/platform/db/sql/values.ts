/** Checks of values that arrive from outside before they reach a query. */
import { AppError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(id: unknown, what: string): string {
  if (typeof id !== 'string' || !UUID_RE.test(id))
    throw new AppError('VALIDATION', `${what} must be a UUID (got "${String(id).slice(0, 60)}").`);
  return id.toLowerCase();
}

export function checkMetadata(metadata: unknown): Record<string, unknown> {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    throw new AppError('VALIDATION', 'Metadata must be a JSON object.');
  let text: string;
  try {
    text = JSON.stringify(metadata);
  } catch {
    throw new AppError('VALIDATION', 'Metadata must be plain JSON.');
  }
  if (text.length > LIMITS.metadataChars)
    throw new AppError('VALIDATION', `Metadata is larger than ${LIMITS.metadataChars.toLocaleString('en')} characters.`);
  return JSON.parse(text) as Record<string, unknown>;
}

// ---------- users ----------
