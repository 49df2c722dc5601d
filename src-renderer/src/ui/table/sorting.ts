import type { Column, SortState } from './types';

/** The sort after clicking a column's header. */
export function nextSort<T>(current: SortState | null, column: Column<T>): SortState {
  if (current?.by === column.id) return { by: column.id, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { by: column.id, direction: column.firstDirection ?? 'asc' };
}

/** Text as a reader orders it: letter case aside, digit runs by value (`v2` before `v10`). */
export function compareText(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '', undefined, { numeric: true, sensitivity: 'base' });
}

/** Numbers; null (unknown) before any number. */
export function compareNumber(a: number | null, b: number | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return a - b;
}

/** ISO 8601 timestamps, which order as plain text; null (never) first. */
export function compareTime(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
