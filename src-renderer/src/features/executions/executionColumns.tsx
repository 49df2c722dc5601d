import type { ExecutionDto } from '../../../../src-main/shared/model/workflows';
import { formatDuration } from '../../ui/format';
import type { Column } from '../../ui/table/types';
import { Time } from '../../ui/Time';

export interface ExecutionActions {
  open(id: string): void;
  openAudit(execution: ExecutionDto): void;
}

export function StatusBadge({ execution }: { execution: ExecutionDto }): React.JSX.Element {
  return (
    <span className={`exec-status exec-${execution.status}`} data-testid="execution-status">
      {execution.status}
      {execution.status === 'running' && execution.runningSeconds !== null && ` · ${formatDuration(execution.runningSeconds)}`}
    </span>
  );
}

/** Columns of the executions list: main orders it by started_at, newest first, and offers no other order. */
export function executionColumns({ open, openAudit }: ExecutionActions): Column<ExecutionDto>[] {
  return [
    {
      id: 'started',
      header: 'Started (UTC)',
      cell: (e) => (
        <button type="button" className="link" tabIndex={-1} onClick={() => open(e.id)}>
          <Time iso={e.startedAt} seconds />
        </button>
      ),
    },
    { id: 'workflow', header: 'Workflow', cell: (e) => e.workflowName },
    { id: 'status', header: 'Status', cell: (e) => <StatusBadge execution={e} /> },
    { id: 'duration', header: 'Duration', numeric: true, cell: (e) => formatDuration(e.durationSeconds) },
    { id: 'completed', header: 'Completed (UTC)', cell: (e) => <Time iso={e.completedAt} seconds /> },
    { id: 'user', header: 'User', cell: (e) => e.userEmail ?? <span className="muted">—</span> },
    {
      id: 'audit',
      header: 'Audit entry',
      cell: (e) => (
        <button type="button" className="link" tabIndex={-1} onClick={() => openAudit(e)} aria-label={`Audit entry of trace ${e.traceId}`}>
          trace {e.traceId.slice(0, 8)}…
        </button>
      ),
    },
  ];
}
