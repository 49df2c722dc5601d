import { useEffect } from 'react';
import { useStore } from '../store';
import { useWindowFileDrop } from '../ui/files/useWindowFileDrop';
import { CommandPalette } from './CommandPalette';
import { RouteView } from './RouteView';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { useTheme } from './theme';
import { Toasts } from './Toasts';
import { useRouteShortcuts } from './useRouteShortcuts';

export function App(): React.JSX.Element {
  const route = useStore((s) => s.route);
  const filter = useStore((s) => s.params.filter);
  // Production shows red everywhere while connected: a frame round the window, the status bar.
  const production = useStore((s) => s.connection?.environment === 'production');
  const loadConnection = useStore((s) => s.loadConnection);
  useEffect(() => {
    void loadConnection();
  }, [loadConnection]);
  useRouteShortcuts();
  useTheme();
  useWindowFileDrop();
  return (
    <div className={`app${production ? ' production' : ''}`}>
      <Sidebar />
      <main className="content" data-page={route} data-filter={filter}>
        <RouteView />
      </main>
      <Toasts />
      <StatusBar />
      <CommandPalette />
    </div>
  );
}
