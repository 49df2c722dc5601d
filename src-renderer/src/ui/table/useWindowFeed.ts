import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { PageWindow, type LoadWindowPage, type WindowPage, type WindowStart } from './pageWindow';
import type { TableFeed } from './types';

export interface WindowFeed<T, P extends WindowPage<T>> extends TableFeed<T> {
  window: PageWindow<T, P>;
  /** The last page answered (counts, timings), null before the first. */
  lastPage: P | null;
  /** Starts again at an edge or a place (a time). */
  start(start: WindowStart): void;
  loadingDirection: 'start' | 'forward' | 'backward' | null;
}

/**
 * Rows from a channel that pages both ways (audit/list), held in a bounded window
 * (pageWindow.ts): a new `load` (its filter changed: make it with useMemo) starts again from
 * `initial`; requestMore()/requestBefore() grow it at either end as the table scrolls.
 */
export function useWindowFeed<T, P extends WindowPage<T>>(
  load: LoadWindowPage<T, P>,
  options: { maxRows?: number; initial?: WindowStart } = {},
): WindowFeed<T, P> {
  const { maxRows } = options;
  const pageWindow = useMemo(() => new PageWindow<T, P>(load, maxRows), [load, maxRows]);
  const version = useSyncExternalStore(
    (listener) => pageWindow.subscribe(listener),
    () => pageWindow.version,
  );
  const initial = options.initial;
  const initialKey = JSON.stringify(initial ?? { edge: 'start' });
  useEffect(() => {
    void pageWindow.start(JSON.parse(initialKey) as WindowStart);
  }, [pageWindow, initialKey]);
  void version;
  return {
    window: pageWindow,
    rows: pageWindow.rows,
    total: null,
    hasMore: pageWindow.hasAfter,
    hasBefore: pageWindow.hasBefore,
    loading: pageWindow.loading,
    loadingDirection: pageWindow.loadingDirection,
    failed: pageWindow.failed,
    paged: true,
    sort: null,
    canSort: () => false,
    sortBy: () => undefined,
    requestMore: () => void pageWindow.forward(),
    requestBefore: () => void pageWindow.backward(),
    firstIndex: pageWindow.firstIndex,
    jumpTo: (edge) => void pageWindow.start({ edge }),
    start: (start) => void pageWindow.start(start),
    lastPage: pageWindow.lastPage,
    starts: pageWindow.starts,
    startedAt: pageWindow.startedAt,
  };
}
