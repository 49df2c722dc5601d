import { useCallback, useMemo, useState } from 'react';
import { nextSort } from './sorting';
import type { Column, SortState, TableFeed } from './types';

/** Rows shown at first, and added by each "load more", when the caller does not say. */
export const ROWS_PAGE_SIZE = 200;

/**
 * Rows already in memory (a job's failures, the tables of a database…): sorted here by the
 * columns' compare functions and revealed `pageSize` at a time, so a long list stays quick to
 * draw and every row can still be reached. Pass the same `rows` array while nothing changed
 * (state, or useMemo for a filtered list): a new array is a new list and starts at one page.
 */
export function useRowsFeed<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  options: { pageSize?: number; initialSort?: SortState; loading?: boolean } = {},
): TableFeed<T> {
  const { pageSize = ROWS_PAGE_SIZE, initialSort = null, loading = false } = options;
  const [sort, setSort] = useState<SortState | null>(initialSort);
  const sorted = useMemo(() => {
    const compare = columns.find((c) => c.id === sort?.by)?.compare;
    if (!sort || !compare) return rows;
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(a, b));
  }, [rows, columns, sort]);
  // How many are shown, for these rows in this order; new rows or a new sort start again at one page.
  const [shown, setShown] = useState({ rows, sort, count: pageSize });
  const count = shown.rows === rows && shown.sort === sort ? shown.count : pageSize;
  const requestMore = useCallback(() => setShown({ rows, sort, count: count + pageSize }), [rows, sort, count, pageSize]);
  return {
    rows: sorted.length > count ? sorted.slice(0, count) : sorted,
    total: rows.length,
    hasMore: sorted.length > count,
    loading,
    failed: false,
    paged: rows.length > pageSize,
    sort,
    canSort: (column) => column.compare !== undefined,
    sortBy: (column) => setSort(nextSort(sort, column)),
    requestMore,
  };
}
