import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { scrollBoxBy } from './scrollBox';

/** Rows drawn above and below the visible ones, so a fast scroll or a focus move finds them there. */
const OVERSCAN = 12;
/** How close (in rows) to the first row a scroll must come to load the page before it. */
const NEAR_START = 30;

export interface VirtualRows {
  /** The loaded rows to draw: [start, end). */
  start: number;
  end: number;
  /** Heights of the spacers standing for the rows not drawn. */
  padTop: number;
  padBottom: number;
  onScroll(event: React.UIEvent<HTMLElement>): void;
}

/**
 * Windowing for a table of fixed-height rows in its own scroll box (@tanstack/react-virtual
 * does the measuring): only the rows in view (and a few more) are in the DOM, whatever the
 * number loaded. What the library does not know is that rows can be added before the first
 * one or dropped there (`firstIndex` changes, as a two-way window pages): then the scroll
 * position moves by as many rows, so what is on screen stays put; near the top it asks for the
 * rows before (`onNearStart`).
 */
export function useVirtualRows(
  box: React.RefObject<HTMLDivElement | null>,
  enabled: boolean,
  rowHeight: number,
  count: number,
  firstIndex: number,
  onNearStart: (() => void) | undefined,
): VirtualRows {
  // The app is not built with the React Compiler, and the virtualizer's answers are read afresh
  // on every render below: the rule's concern (stale memoised results) does not arise.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: enabled ? count : 0,
    getScrollElement: () => box.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    enabled,
  });
  const onScroll = useCallback(
    (event: React.UIEvent<HTMLElement>) => {
      if (onNearStart && event.currentTarget.scrollTop < NEAR_START * rowHeight) onNearStart();
    },
    [rowHeight, onNearStart],
  );

  const anchor = useRef(firstIndex);
  useLayoutEffect(() => {
    const el = box.current;
    const moved = anchor.current - firstIndex;
    anchor.current = firstIndex;
    if (enabled && el && moved !== 0) scrollBoxBy(el, moved * rowHeight);
  }, [box, enabled, firstIndex, rowHeight]);

  // New rows (a page, a new start) may leave the top in reach: ask once they are drawn.
  useEffect(() => {
    const el = box.current;
    if (enabled && el && onNearStart && el.scrollTop < NEAR_START * rowHeight) onNearStart();
  }, [box, enabled, count, rowHeight, onNearStart]);

  if (!enabled) return { start: 0, end: count, padTop: 0, padBottom: 0, onScroll };
  const items = virtualizer.getVirtualItems();
  if (items.length === 0) return { start: 0, end: 0, padTop: 0, padBottom: count * rowHeight, onScroll };
  const first = items[0]!;
  const last = items[items.length - 1]!;
  return { start: first.index, end: last.index + 1, padTop: first.start, padBottom: virtualizer.getTotalSize() - last.end, onScroll };
}
