import type { DatabaseStatusDto } from '../../../../src-main/shared/model/database';

export function StatusCard({ status }: { status: DatabaseStatusDto }): React.JSX.Element {
  const { server, pool, health } = status;
  const healthText = health.ok ? `ok — ${health.latencyMs} ms round trip` : `failing: ${health.error?.message ?? 'unknown'}`;
  return (
    <div className="card">
      <h2>Server</h2>
      <dl className="facts" data-testid="server-info">
        <dt>Version</dt>
        <dd data-testid="server-version">{server.serverVersion}</dd>
        <dt>Database</dt>
        <dd>{server.database}</dd>
        <dt>User</dt>
        <dd>
          {server.user}
          {server.readOnly && <span className="badge">read-only</span>}
        </dd>
        <dt>TLS</dt>
        <dd>{server.tls ? 'encrypted' : 'not encrypted'}</dd>
        <dt>Health</dt>
        <dd data-testid="health">{healthText}</dd>
        <dt>Pool</dt>
        <dd data-testid="pool">
          {pool.size} open of {pool.max} · {pool.inUse} in use · {pool.idle} idle · {pool.waiting} waiting
        </dd>
      </dl>
    </div>
  );
}
