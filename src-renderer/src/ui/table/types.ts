import type { SortDirection } from '../../../../src-main/shared/model/page';

/** One column of a DataTable. Define columns once per table (module level or useMemo). */
export interface Column<T> {
  /** Unique in the table; for a server-sorted feed, the sort key the server knows. */
  id: string;
  header: string;
  cell(row: T): React.ReactNode;
  /** Sorts rows held in memory (useRowsFeed); a paged feed sorts by `id` on the server instead. */
  compare?(a: T, b: T): number;
  /** The direction a first click sorts in (dates and counts read best newest or largest first). */
  firstDirection?: SortDirection;
  /** Numbers: right-aligned, tabular figures. */
  numeric?: boolean;
  /** A fixed width (CSS), for windowed tables whose layout is fixed. */
  width?: string;
}

export interface SortState {
  by: string;
  direction: SortDirection;
}

/**
 * What a DataTable shows and how it gets more: made by usePagedFeed (pages from main, by cursor)
 * or useRowsFeed (rows already in memory, revealed a page at a time).
 */
export interface TableFeed<T> {
  rows: readonly T[];
  /** All matching rows, loaded or not; null when the source does not count them. */
  total: number | null;
  hasMore: boolean;
  /** A page is on its way (the first one included). */
  loading: boolean;
  /** The last page failed (the error was shown); requestMore() tries it again. */
  failed: boolean;
  /** Whether the table pages at all: then it says how many rows are shown and offers more. */
  paged: boolean;
  sort: SortState | null;
  canSort(column: Column<T>): boolean;
  /** Sorts by a column: the other direction when it is already the sort, else `firstDirection`. */
  sortBy(column: Column<T>): void;
  requestMore(): void;
  /** A feed that pages both ways (useWindowFeed): rows before the first one can be loaded. */
  hasBefore?: boolean;
  requestBefore?(): void;
  /** Goes down by the rows added before the first one and up by those dropped there: the table keeps its place. */
  firstIndex?: number;
  /** Starts again at the first or the last row (Ctrl+Home, Ctrl+End). */
  jumpTo?(edge: 'start' | 'end'): void;
  /** Counts the feed's starts, and where the last one began: the table scrolls there once its rows are in. */
  starts?: number;
  startedAt?: 'start' | 'end' | 'at';
}
