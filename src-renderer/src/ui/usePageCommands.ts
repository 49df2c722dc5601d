import { useEffect, useLayoutEffect, useRef } from 'react';
import { useStore } from '../store';
import type { PaletteCommand } from '../store/types';

/**
 * Offers a page's actions in the command palette (Ctrl/⌘+K) while the page is shown. The latest
 * `commands` run (they may close over the page's state); the list is set again only when the
 * labels or reasons change.
 */
export function usePageCommands(commands: PaletteCommand[]): void {
  const setPageCommands = useStore((s) => s.setPageCommands);
  const latest = useRef(commands);
  useLayoutEffect(() => {
    latest.current = commands;
  });
  const shape = JSON.stringify(commands.map((c) => [c.id, c.label, c.disabledReason ?? null]));
  useEffect(() => {
    const items = (JSON.parse(shape) as [string, string, string | null][]).map(([id, label, reason]) => ({
      id,
      label,
      disabledReason: reason ?? undefined,
      run: () => latest.current.find((c) => c.id === id)?.run(),
    }));
    setPageCommands(items);
    return () => setPageCommands([]);
  }, [shape, setPageCommands]);
}
