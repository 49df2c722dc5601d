import { useCall } from '../../api/useCall';
import { Drawer } from '../../ui/Drawer';
import { formatDuration } from '../../ui/format';
import { Time } from '../../ui/Time';
import { StatusBadge } from './executionColumns';

function Json({ value }: { value: unknown }): React.JSX.Element {
  if (value === null || value === undefined) return <p className="muted">none</p>;
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** One execution: its facts, parameters, result and error, and the way to its audit entry. */
export function ExecutionDrawer(props: { id: string; onClose(): void; onOpenAudit(traceId: string): void }): React.JSX.Element {
  const { value: e } = useCall('executions/detail', { id: props.id });
  return (
    <Drawer label="Execution detail" title={e ? `${e.workflowName} — ${e.status}` : 'Loading…'} onClose={props.onClose}>
      {e && (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge execution={e} />
            </dd>
            <dt>Started</dt>
            <dd>
              <Time iso={e.startedAt} seconds /> UTC
            </dd>
            <dt>Completed</dt>
            <dd>
              <Time iso={e.completedAt} seconds />
            </dd>
            <dt>Duration</dt>
            <dd>{formatDuration(e.durationSeconds)}</dd>
            <dt>User</dt>
            <dd>{e.userEmail ?? '—'}</dd>
            <dt>Trace</dt>
            <dd>
              <code>{e.traceId}</code>
            </dd>
            <dt>Execution</dt>
            <dd>
              <code>{e.id}</code>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" className="primary" onClick={() => props.onOpenAudit(e.traceId)}>
              Open the audit entry
            </button>
          </div>
          {e.error && (
            <>
              <h3>Error</h3>
              <p className="problems">{e.error}</p>
            </>
          )}
          <h3>Parameters</h3>
          <Json value={e.parameters} />
          <h3>Result</h3>
          <Json value={e.result} />
        </>
      )}
    </Drawer>
  );
}
