import { Suspense } from 'react';
import { useStore } from '../store';
import { NotConnected } from '../ui/banners/NotConnected';
import { routeById } from './routes';

/** The current route's page, once its chunk is loaded; "Not connected" for a page that needs a database. */
export function RouteView(): React.JSX.Element {
  const route = routeById(useStore((s) => s.route));
  const connection = useStore((s) => s.connection);
  const View = route.view;
  if (route.needsConnection && !connection) return <NotConnected title={route.label} />;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      {/* Another connection is another database: its pages start afresh. */}
      <View key={route.needsConnection ? connection?.profileId : undefined} />
    </Suspense>
  );
}
