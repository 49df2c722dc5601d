import { useCallback, useEffect, useState } from 'react';
import type { DatabaseStatusDto, TableInfoDto } from '../../../src-main/shared/model/database';
import type { HealthProbeResult } from '../../../src-main/shared/model/jobs';
import { call } from '../api/client';
import { JobPanel, useJobResult } from '../components/JobPanel';
import { useStore } from '../store';

const REFRESH_MS = 5000;

function loadDatabase(): Promise<[DatabaseStatusDto | null, TableInfoDto[] | null]> {
  return Promise.all([call('db/status', {}).catch(() => null), call('db/tables', {}).catch(() => null)]);
}

function StatusCard({ status }: { status: DatabaseStatusDto }): React.JSX.Element {
  const { server, pool, health } = status;
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
        <dd data-testid="health">{health.ok ? `ok — ${health.latencyMs} ms round trip` : `failing: ${health.error?.message ?? 'unknown'}`}</dd>
        <dt>Pool</dt>
        <dd data-testid="pool">
          {pool.size} open of {pool.max} · {pool.inUse} in use · {pool.idle} idle · {pool.waiting} waiting
        </dd>
      </dl>
    </div>
  );
}

function MigrationsCard({ status, onDone }: { status: DatabaseStatusDto; onDone(): void }): React.JSX.Element {
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const { migrations } = status;
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);
  const run = async (channel: 'db/initialise' | 'db/migrate') => {
    const ref = await call(channel, {}).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  const running = jobId !== null && !finished;
  const explain: Record<DatabaseStatusDto['migrations']['state'], string> = {
    empty: 'This database has no governance schema yet. Initialise creates it.',
    adoptable: "This database has the service's schema but no migration records. Initialise adopts it as it is (nothing dropped or duplicated).",
    managed: migrations.pending.length ? `${migrations.pending.length} migration(s) pending.` : 'Up to date.',
    foreign: 'This database holds part of the schema or a different one; the console will not touch it.',
  };
  return (
    <div className="card">
      <h2>Schema</h2>
      <p data-testid="schema-state">
        <strong>{migrations.state}</strong> — {explain[migrations.state]}
      </p>
      {migrations.problems.length > 0 && (
        <ul className="problems">
          {migrations.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ul className="migrations">
        {migrations.applied.map((m) => (
          <li key={m}>
            ✓ <code>{m}</code>
          </li>
        ))}
        {migrations.pending.map((m) => (
          <li key={m} className="pending">
            … <code>{m}</code> (pending)
          </li>
        ))}
      </ul>
      <div className="actions">
        {(migrations.state === 'empty' || migrations.state === 'adoptable') && (
          <button type="button" className="primary" disabled={running || status.server.readOnly} onClick={() => void run('db/initialise')}>
            Initialise
          </button>
        )}
        {migrations.state === 'managed' && migrations.pending.length > 0 && (
          <button type="button" className="primary" disabled={running || status.server.readOnly} onClick={() => void run('db/migrate')}>
            Migrate
          </button>
        )}
      </div>
      <JobPanel jobId={jobId} label="migrations" />
    </div>
  );
}

function TablesCard({ tables }: { tables: TableInfoDto[] }): React.JSX.Element {
  return (
    <div className="card">
      <h2>Tables and views</h2>
      <table className="grid" aria-label="Tables and views">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Belongs to</th>
            <th className="num">Rows</th>
          </tr>
        </thead>
        <tbody>
          {tables.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No tables yet.
              </td>
            </tr>
          )}
          {tables.map((t) => (
            <tr key={t.name}>
              <td>
                <code>{t.name}</code>
              </td>
              <td>{t.kind}</td>
              <td>{t.owner}</td>
              <td className="num">{t.rows === null ? '—' : `${t.estimated ? '≈ ' : ''}${t.rows.toLocaleString()}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditorRoleCard({ readOnly }: { readOnly: boolean }): React.JSX.Element {
  const [roleName, setRoleName] = useState('governance_auditor');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await call('db/create-auditor-role', { roleName, password }).catch(() => null);
    if (res) {
      setCreated(res.roleName);
      setPassword('');
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void create(e)} aria-label="Auditor role">
      <h2>Read-only role for auditors</h2>
      <p className="muted">A login role that can SELECT every table and change nothing — the real protection, unlike a read-only profile.</p>
      <div className="row">
        <label>
          Role name <input value={roleName} onChange={(e) => setRoleName(e.target.value)} />
        </label>
        <label>
          Password <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </div>
      <button type="submit" disabled={readOnly}>
        Create role
      </button>
      {created && <p>Created role {created}.</p>}
    </form>
  );
}

export function DatabasePage(): React.JSX.Element {
  const connection = useStore((s) => s.connection);
  const [status, setStatus] = useState<DatabaseStatusDto | null>(null);
  const [tables, setTables] = useState<TableInfoDto[]>([]);
  const apply = useCallback(([s, t]: [DatabaseStatusDto | null, TableInfoDto[] | null]) => {
    setStatus(s);
    if (t) setTables(t);
  }, []);
  const refresh = useCallback(() => void loadDatabase().then(apply), [apply]);
  useEffect(() => {
    if (!connection) return;
    void loadDatabase().then(apply);
    // Live pool and health figures, without reloading the table counts every time.
    const timer = setInterval(() => void call('db/status', {}).then(setStatus, () => null), REFRESH_MS);
    return () => clearInterval(timer);
  }, [connection, apply]);

  if (!connection) {
    return (
      <section>
        <h1>Database</h1>
        <p>Not connected. Choose a connection on the Connections page.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>Database</h1>
      <div className="actions">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {status && <StatusCard status={status} />}
      {status && <MigrationsCard status={status} onDone={refresh} />}
      <TablesCard tables={tables} />
      <HealthProbe />
      {status && <AuditorRoleCard readOnly={status.server.readOnly} />}
    </section>
  );
}

function HealthProbe(): React.JSX.Element {
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const result = useJobResult<HealthProbeResult>(jobId);
  const start = async () => {
    const ref = await call('jobs/start-health-probe', { samples: 50, intervalMs: 100 }).catch(() => null);
    if (ref) setJobId(ref.jobId);
  };
  return (
    <div className="card">
      <h2>Health probe</h2>
      <p>Runs 50 round trips to the server, 100 ms apart.</p>
      <button type="button" onClick={() => void start()} disabled={jobId !== null && !finished}>
        Run health probe
      </button>
      <JobPanel jobId={jobId} label="health-probe" />
      {result && (
        <p data-testid="probe-result">
          {result.samples} samples, {result.failures} failures, avg {result.avgMs} ms (min {result.minMs}, max {result.maxMs})
        </p>
      )}
    </div>
  );
}
