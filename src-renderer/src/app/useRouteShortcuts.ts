import { useEffect } from 'react';
import { useStore } from '../store';
import { ROUTES } from './routes';
import { isShortcut } from './shortcuts';

/** Ctrl/⌘ + a route's shortcut opens it, Ctrl/⌘+K the command palette, Alt+← goes back: wherever the focus is. */
export function useRouteShortcuts(): void {
  const navigate = useStore((s) => s.navigate);
  const setPaletteOpen = useStore((s) => s.setPaletteOpen);
  const back = useStore((s) => s.back);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isShortcut(event, 'k')) {
        event.preventDefault();
        setPaletteOpen(true);
        return;
      }
      // Not inside a text field, where Alt+← moves the caret by a word.
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (!typing && event.altKey && !event.ctrlKey && !event.metaKey && event.key === 'ArrowLeft') {
        event.preventDefault();
        back();
        return;
      }
      const route = ROUTES.find((r) => r.shortcut !== undefined && isShortcut(event, r.shortcut));
      if (!route) return;
      event.preventDefault();
      navigate(route.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, setPaletteOpen, back]);
}
