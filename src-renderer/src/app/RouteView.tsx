import { Suspense } from 'react';
import { useStore } from '../store';
import { NotConnected } from '../ui/banners/NotConnected';
import { BackLink } from './BackLink';
import { routeById } from './routes';

/** The current route's page, once its chunk is loaded; "Not connected" for a page that needs a database. */
export function RouteView(): React.JSX.Element {
  const route = routeById(useStore((s) => s.route));
  const params = useStore((s) => s.params);
  const connection = useStore((s) => s.connection);
  const View = route.view;
  if (route.needsConnection && !connection) return <NotConnected title={route.label} />;
  // Another connection is another database, and another link another filter: the page starts afresh.
  const key = `${route.needsConnection ? (connection?.profileId ?? '') : ''}|${params.filter ?? ''}`;
  return (
    <>
      <BackLink />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <View key={key} />
      </Suspense>
    </>
  );
}
