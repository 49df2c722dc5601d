import { useEffect, useRef } from 'react';

/** How far below the visible rows the end of a table may be and still load more: early enough to be ready. */
const AHEAD = '0px 0px 300px 0px';

/**
 * Calls `onReach` while `enabled` and the element `end` is attached to (placed after the last row)
 * is within the scroll box `root` is attached to. The observer is made again whenever
 * `rowCount` changes or loading ends, and a new observer reports at once: so a page that leaves
 * the end still in view loads the next one.
 */
export function useInfiniteScroll(
  enabled: boolean,
  onReach: () => void,
  rowCount: number,
): { root: React.RefObject<HTMLDivElement | null>; end: React.RefObject<HTMLDivElement | null> } {
  const root = useRef<HTMLDivElement>(null);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = end.current;
    if (!enabled || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onReach();
      },
      { root: root.current, rootMargin: AHEAD },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled, onReach, rowCount]);
  return { root, end };
}
