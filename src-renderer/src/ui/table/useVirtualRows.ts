import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
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
 * Windowing for a table of fixed-height rows in its own scroll box: only the rows in view (and a
 * few more) are in the DOM, whatever the number loaded. When rows are added before the first one
 * or dropped there (`firstIndex` changes) the scroll position moves by as many rows, so what is
 * on screen stays put; near the top it asks for the rows before (`onNearStart`).
 */
export function useVirtualRows(
  box: React.RefObject<HTMLDivElement | null>,
  enabled: boolean,
  rowHeight: number,
  count: number,
  firstIndex: number,
  onNearStart: (() => void) | undefined,
): VirtualRows {
  const [view, setView] = useState({ top: 0, height: 800 });
  const onScroll = useCallback(
    (event: React.UIEvent<HTMLElement>) => {
      const el = event.currentTarget;
      setView({ top: el.scrollTop, height: el.clientHeight });
      if (onNearStart && el.scrollTop < NEAR_START * rowHeight) onNearStart();
    },
    [rowHeight, onNearStart],
  );

  // The box's height, as it changes with the window.
  useEffect(() => {
    const el = box.current;
    if (!enabled || !el) return;
    const observer = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [box, enabled]);

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
  const first = Math.max(0, Math.min(count, Math.floor(view.top / rowHeight) - OVERSCAN));
  const last = Math.max(first, Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN));
  return { start: first, end: last, padTop: first * rowHeight, padBottom: (count - last) * rowHeight, onScroll };
}
