import { useStore } from '../store';

export function ConnectionsPage(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  return (
    <section>
      <h1>Connections</h1>
      {connection ? (
        <dl className="facts">
          <dt>Active</dt>
          <dd>{connection.name}</dd>
          <dt>Target</dt>
          <dd>{connection.target}</dd>
        </dl>
      ) : (
        <p>Not connected. Start the console with DATABASE_URL set to connect to an existing database.</p>
      )}
      <p className="placeholder">Saved connection profiles (TLS, read-only, operators) are not built yet.</p>
    </section>
  );
}
