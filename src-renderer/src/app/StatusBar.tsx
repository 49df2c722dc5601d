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
          {connection.encrypted && <span className="badge">TLS</span>}
          {connection.unencryptedRemote && (
            <span
              className="badge unencrypted"
              data-testid="unencrypted-warning"
              title={`The session to ${connection.target} is not encrypted (TLS mode ${connection.tlsMode}): anyone on the network can read it. Set the profile's TLS mode to require (or verify-full) to refuse such a session.`}
            >
              not encrypted
            </span>
          )}
        </>
      ) : (
        <span data-testid="active-connection">Not connected</span>
      )}
    </footer>
  );
}
