/** Rows one PageUp/PageDown moves over. */
const PAGE_STEP = 10;

/**
 * Where a key moves the focused row of a table of `count` rows, from `index`; null for keys that
 * do not move it. Past the last row is `count`: the caller loads more there.
 */
export function movedRow(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(index + 1, count);
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'PageDown':
      return Math.min(index + PAGE_STEP, count - 1);
    case 'PageUp':
      return Math.max(index - PAGE_STEP, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
