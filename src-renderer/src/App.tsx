import { useEffect } from 'react';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { useStore } from './store';
import type { PageId } from './store/navSlice';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { DatabasePage } from './pages/DatabasePage';
import { PlaceholderPage } from './pages/PlaceholderPage';
import { IntegrityPage } from './pages/IntegrityPage';
import { UsersPage } from './pages/UsersPage';
import { ApiKeysPage } from './pages/ApiKeysPage';

const PAGE_VIEWS: Record<PageId, () => React.JSX.Element> = {
  connections: ConnectionsPage,
  database: DatabasePage,
  users: UsersPage,
  'api-keys': ApiKeysPage,
  'audit-log': () => <PlaceholderPage title="Audit Log" plan="Browse millions of audit entries with filters and a detail drawer." />,
  integrity: IntegrityPage,
  dashboard: () => <PlaceholderPage title="Dashboard" plan="Success rates, DRAG-mode distribution and user activity from the service's views." />,
};

export function App(): React.JSX.Element {
  const page = useStore((s) => s.page);
  // Production shows red everywhere while connected: a frame round the window, the status bar.
  const production = useStore((s) => s.connection?.environment === 'production');
  const loadConnection = useStore((s) => s.loadConnection);
  useEffect(() => {
    void loadConnection();
  }, [loadConnection]);
  const View = PAGE_VIEWS[page];
  return (
    <div className={`app${production ? ' production' : ''}`}>
      <Sidebar />
      <main className="content" data-page={page}>
        <View />
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}
