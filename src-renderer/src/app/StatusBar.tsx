import { useStore } from '../store';

export function StatusBar(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const production = connection?.environment === 'production';
  return (
    <footer className={`status-bar${production ? ' production' : ''}`} role="status" aria-label="Connection status">
      {connection ? (
        <>
          <span className="dot" style={{ background: connection.colour }} />
          <span data-testid="active-connection">
            {connection.name} — {connection.target}
          </span>
          {connection.readOnly && <span className="badge">read-only</span>}
        </>
      ) : (
        <span data-testid="active-connection">Not connected</span>
      )}
    </footer>
  );
}
