import { useEffect } from 'react';
import type { DatabaseStatusDto } from '../../../../src-main/shared/model/database';
import { callOrToast } from '../../api/callOrToast';
import { JobPanel } from '../../ui/jobs/JobPanel';
import { useJob } from '../../ui/jobs/useJob';

type MigrationState = DatabaseStatusDto['migrations']['state'];

function explain(migrations: DatabaseStatusDto['migrations']): Record<MigrationState, string> {
  return {
    empty: 'This database has no governance schema yet. Initialise creates it.',
    adoptable:
      "This database has the service's schema but no migration records. Initialise adopts it as it is (nothing dropped or duplicated).",
    managed: migrations.pending.length ? `${migrations.pending.length} migration(s) pending.` : 'Up to date.',
    foreign: 'This database holds part of the schema or a different one; the console will not touch it.',
  };
}

/** The schema's state, its migrations, and the job that initialises or migrates it. */
export function MigrationsCard({ status, onDone }: { status: DatabaseStatusDto; onDone(): void }): React.JSX.Element {
  const job = useJob<unknown>();
  const { migrations } = status;
  const { finished } = job;
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);
  const blocked = job.running || status.server.readOnly;
  const canAct =
    migrations.state === 'empty' || migrations.state === 'adoptable' || (migrations.state === 'managed' && migrations.pending.length > 0);
  return (
    <div className="card">
      <h2>Schema</h2>
      <p data-testid="schema-state">
        <strong>{migrations.state}</strong> — {explain(migrations)[migrations.state]}
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
          <button
            type="button"
            className="primary"
            disabled={blocked}
            aria-describedby={status.server.readOnly ? 'schema-read-only' : undefined}
            onClick={() => void job.follow(callOrToast('db/initialise', {}))}
          >
            Initialise
          </button>
        )}
        {migrations.state === 'managed' && migrations.pending.length > 0 && (
          <button
            type="button"
            className="primary"
            disabled={blocked}
            aria-describedby={status.server.readOnly ? 'schema-read-only' : undefined}
            onClick={() => void job.follow(callOrToast('db/migrate', {}))}
          >
            Migrate
          </button>
        )}
      </div>
      {canAct && status.server.readOnly && (
        <p className="reason" id="schema-read-only" data-testid="schema-read-only">
          Greyed out because this connection is read-only: the server refuses to change the schema. Connect with a profile that may write
          (not marked read-only, with a role allowed to create tables) to {migrations.state === 'managed' ? 'migrate' : 'initialise'} it.
        </p>
      )}
      <JobPanel jobId={job.jobId} label="migrations" />
    </div>
  );
}
