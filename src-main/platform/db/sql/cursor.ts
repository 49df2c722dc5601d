/** Opaque page cursors: the last row's sort value and id, bound to the order they were made for. */
import { AppError } from '../../../shared/errors';
import { UUID_RE } from './values';

export interface CursorState {
  /** What the listing is sorted by, so a cursor is not reused with another order. */
  k: string;
  /** The sort value of the last row (as text), null when it was NULL. */
  v: string | null;
  id: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedKey: string, valueRe: RegExp): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = null;
  }
  const s = state as Partial<CursorState> | null;
  if (
    !s ||
    typeof s !== 'object' ||
    typeof s.id !== 'string' ||
    !UUID_RE.test(s.id) ||
    !(s.v === null || (typeof s.v === 'string' && valueRe.test(s.v)))
  ) {
    throw new AppError('VALIDATION', 'The page cursor is not valid: start again from the first page.');
  }
  if (s.k !== expectedKey)
    throw new AppError('VALIDATION', 'The page cursor belongs to another sort order or filter: start again from the first page.');
  return { k: s.k, v: s.v ?? null, id: s.id };
}
