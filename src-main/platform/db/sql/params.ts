/** Bound parameters and the small value rules every listing shares. */
import { AppError } from '../../../shared/errors';

/** Collects bound parameters and hands out their placeholders ($1, $2…). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** % and _ are literal in a search (LIKE's default escape character is the backslash). */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new AppError('VALIDATION', `The page size must be a whole number from 1 to ${max}.`);
  return limit;
}

// ---------- cursors ----------
