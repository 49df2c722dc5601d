import { useEffect } from 'react';
import { useStore } from '../store';
import { ROUTES } from './routes';
import { isShortcut } from './shortcuts';

/** Ctrl/⌘ + a route's shortcut opens it, wherever the focus is. */
export function useRouteShortcuts(): void {
  const navigate = useStore((s) => s.navigate);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const route = ROUTES.find((r) => r.shortcut !== undefined && isShortcut(event, r.shortcut));
      if (!route) return;
      event.preventDefault();
      navigate(route.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
