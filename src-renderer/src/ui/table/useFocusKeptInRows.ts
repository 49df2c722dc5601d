import { useLayoutEffect, useRef } from 'react';

export interface FocusKeeper {
  onFocus(event: React.FocusEvent<HTMLElement>): void;
  onBlur(event: React.FocusEvent<HTMLElement>): void;
  /** True while a row has the focus, or had it until it left the DOM (and nothing else took it). */
  holds(): boolean;
}

/**
 * Keeps the keyboard in a table whose focused row leaves the DOM. A windowed table draws only
 * the rows near the view (and its page window drops whole pages far from it), so a wheel or a
 * scrollbar drag that takes the view away from the focused row unmounts it, and the browser
 * drops the focus to the page body: Ctrl+End, the arrows, Enter would then reach nothing. After
 * a render that removed the focused row, the focus goes to the first row in view instead,
 * without scrolling. A focus the user moved elsewhere (a click outside, Tab) is left alone.
 */
export function useFocusKeptInRows(box: React.RefObject<HTMLElement | null>, enabled: boolean): FocusKeeper {
  const held = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const row = held.current;
    const el = box.current;
    if (!enabled || !row || row.isConnected || !el) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== row) return;
    held.current = null;
    firstRowInView(el)?.focus({ preventScroll: true });
  });
  return {
    holds: () => held.current !== null && (held.current.isConnected || document.activeElement === document.body),
    onFocus: (event) => {
      if (enabled) held.current = event.target;
    },
    onBlur: (event) => {
      const row = event.target;
      if (event.relatedTarget instanceof Node && box.current?.contains(event.relatedTarget)) return;
      // Chromium fires blur on a focused element as it is removed: only a row still in the DOM
      // once this turn is over lost the focus to something the user chose.
      queueMicrotask(() => {
        if (row.isConnected && held.current === row) held.current = null;
      });
    },
  };
}

/** The first drawn row whose top is below the table's sticky header. */
function firstRowInView(box: HTMLElement): HTMLElement | null {
  const header = box.querySelector('thead')?.getBoundingClientRect();
  const top = header ? header.bottom : box.getBoundingClientRect().top;
  for (const row of box.querySelectorAll<HTMLElement>('tbody tr[data-index]')) {
    if (row.getBoundingClientRect().top >= top - 1) return row;
  }
  return null;
}
