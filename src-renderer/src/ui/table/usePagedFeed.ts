import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../../../src-main/shared/model/page';
import { nextSort } from './sorting';
import type { Column, SortState, TableFeed } from './types';

/** Sorted by one of the server's sort keys. */
export interface ServerSort<K extends string> extends SortState {
  by: K;
}

/**
 * One page from main: the first when `cursor` is null, then the one after each nextCursor.
 * Null when the call failed (callOrToast has shown why).
 */
export type LoadPage<T, K extends string> = (cursor: string | null, sort: ServerSort<K> | null) => Promise<Page<T> | null>;

interface Loaded<T, K extends string> {
  /** What these rows were loaded with: another source, sort or generation means they are stale. */
  source: LoadPage<T, K> | null;
  sort: ServerSort<K> | null;
  generation: number;
  rows: T[];
  total: number | null;
  cursor: string | null;
  hasMore: boolean;
  pending: boolean;
  failed: boolean;
}

const NOTHING = {
  source: null,
  sort: null,
  generation: -1,
  rows: [],
  total: null,
  cursor: null,
  hasMore: false,
  pending: false,
  failed: false,
};

type Basis<T, K extends string> = Pick<Loaded<T, K>, 'source' | 'sort' | 'generation'>;

function firstPage<T, K extends string>(basis: Basis<T, K>, page: Page<T> | null): Loaded<T, K> {
  // A failed first page is an empty list with one page still to get: requestMore() retries it.
  if (!page) return { ...NOTHING, ...basis, hasMore: true, failed: true };
  return { ...basis, rows: page.rows, total: page.total, cursor: page.nextCursor, hasMore: page.hasMore, pending: false, failed: false };
}

export interface PagedFeed<T> extends TableFeed<T> {
  /** Starts again from the first page (after a change the rows may show). */
  reload(): void;
}

/**
 * Rows from a keyset-paged channel (users/list, keys/list…): the first page whenever the source
 * or the sort changes, then the next page on each requestMore() until hasMore is false. A new
 * `loadPage` (its filters changed: make it with useCallback) or reload() starts again from the
 * top; the old rows stay on screen, marked loading, until the new first page is in.
 */
export function usePagedFeed<T, K extends string>(
  loadPage: LoadPage<T, K>,
  options: { sortKeys?: readonly K[]; initialSort?: ServerSort<K> } = {},
): PagedFeed<T> {
  const { sortKeys = [], initialSort = null } = options;
  const [sort, setSort] = useState<ServerSort<K> | null>(initialSort);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Loaded<T, K>>(NOTHING);
  const current = state.source === loadPage && state.sort === sort && state.generation === generation;

  useEffect(() => {
    let live = true;
    void loadPage(null, sort).then((page) => {
      if (live) setState(firstPage({ source: loadPage, sort, generation }, page));
    });
    return () => {
      live = false;
    };
  }, [loadPage, sort, generation]);

  const requestMore = useCallback(() => {
    if (!current || state.pending || !state.hasMore) return;
    const { cursor } = state;
    setState((s) => ({ ...s, pending: true, failed: false }));
    void loadPage(cursor, sort).then((page) =>
      setState((s) => {
        // Only onto the rows it continues: not after a reload, a new sort or a page already added.
        if (s.source !== loadPage || s.sort !== sort || s.generation !== generation || s.cursor !== cursor) return s;
        if (!page) return { ...s, pending: false, failed: true };
        const rows = [...s.rows, ...page.rows];
        return { ...s, rows, total: page.total ?? s.total, cursor: page.nextCursor, hasMore: page.hasMore, pending: false };
      }),
    );
  }, [current, state, loadPage, sort, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const isSortKey = (id: string): id is K => (sortKeys as readonly string[]).includes(id);
  return {
    rows: state.rows,
    total: state.total,
    hasMore: state.hasMore,
    loading: !current || state.pending,
    failed: current && state.failed,
    paged: true,
    sort,
    canSort: (column: Column<T>) => isSortKey(column.id),
    sortBy: (column: Column<T>) => {
      const next = nextSort(sort, column);
      if (isSortKey(next.by)) setSort({ by: next.by, direction: next.direction });
    },
    requestMore,
    reload,
  };
}
