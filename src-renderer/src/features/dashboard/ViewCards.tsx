import type { DragModeRow, RecentGovernanceRow, UserActivityRow, WorkflowSuccessRow } from '../../../../src-main/shared/model/dashboard';
import { BarsChart } from '../../ui/charts/BarsChart';
import { formatCount, formatDuration, formatPct } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText, compareTime } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';
import { Time } from '../../ui/Time';
import { Card } from './Card';
import { CoverageNote } from './CoverageNote';
import { useRefreshed } from './useRefreshed';

const EMPTY_AUDIT = 'No audit entries yet: import an audit.jsonl on the Integrity page, or load demo data (govcon demo --rows 10000).';
const NO_ROWS: never[] = [];

const OUTCOME_BARS = [
  { key: 'successful', label: 'success', value: (r: WorkflowSuccessRow) => r.successful, colour: 'var(--ok)' },
  { key: 'failed', label: 'failure', value: (r: WorkflowSuccessRow) => r.failed, colour: 'var(--danger)' },
  { key: 'rejected', label: 'rejected', value: (r: WorkflowSuccessRow) => r.rejected, colour: 'var(--warn)' },
];

const RATE_COLUMNS: Column<WorkflowSuccessRow>[] = [
  { id: 'workflow', header: 'Workflow', compare: (a, b) => compareText(a.workflowName, b.workflowName), cell: (r) => r.workflowName },
  {
    id: 'total',
    header: 'Runs',
    numeric: true,
    firstDirection: 'desc',
    compare: (a, b) => a.total - b.total,
    cell: (r) => formatCount(r.total),
  },
  {
    id: 'rate',
    header: 'Success',
    numeric: true,
    firstDirection: 'desc',
    compare: (a, b) => compareNumber(a.successRatePct, b.successRatePct),
    cell: (r) => formatPct(r.successRatePct),
  },
  { id: 'avg', header: 'Avg duration', numeric: true, cell: (r) => formatDuration(r.avgDurationSeconds) },
  {
    id: 'last',
    header: 'Last run (UTC)',
    compare: (a, b) => compareTime(a.lastExecution, b.lastExecution),
    cell: (r) => <Time iso={r.lastExecution} />,
  },
];

export function SuccessRateCard({ all }: { all: number }): React.JSX.Element {
  const { value, failed, reload } = useRefreshed('dashboard/success-rate', {}, all);
  const rows = value?.rows ?? NO_ROWS;
  const feed = useRowsFeed(rows, RATE_COLUMNS, { loading: !value });
  return (
    <Card title="Success rate per workflow" readAt={value?.readAt ?? null} failed={failed} onRefresh={reload} wide>
      {rows.length > 0 && (
        <BarsChart
          title="Runs per workflow by outcome"
          rows={rows}
          category={(r) => r.workflowName}
          bars={OUTCOME_BARS}
          stacked
          horizontal
          height={Math.max(160, rows.length * 28 + 60)}
        />
      )}
      <DataTable
        label="Success rate per workflow"
        columns={RATE_COLUMNS}
        feed={feed}
        rowKey={(r) => r.workflowName}
        empty={EMPTY_AUDIT}
        compact
      />
      {value && <CoverageNote coverage={value.coverage} />}
    </Card>
  );
}

const MODE_COLUMNS: Column<DragModeRow>[] = [
  { id: 'mode', header: 'DRAG mode', cell: (r) => r.dragMode },
  { id: 'total', header: 'Requests', numeric: true, cell: (r) => formatCount(r.total) },
  { id: 'actors', header: 'Actors', numeric: true, cell: (r) => formatCount(r.uniqueActors) },
  { id: 'rate', header: 'Success', numeric: true, cell: (r) => formatPct(r.successRatePct) },
  { id: 'avg', header: 'Avg duration', numeric: true, cell: (r) => formatDuration(r.avgDurationSeconds) },
];

export function DragModeCard({ all }: { all: number }): React.JSX.Element {
  const { value, failed, reload } = useRefreshed('dashboard/drag-modes', {}, all);
  const rows = value?.rows ?? NO_ROWS;
  const feed = useRowsFeed(rows, MODE_COLUMNS, { loading: !value });
  return (
    <Card title="DRAG mode distribution" readAt={value?.readAt ?? null} failed={failed} onRefresh={reload}>
      {rows.length > 0 && (
        <BarsChart
          title="Requests per DRAG mode"
          rows={rows}
          category={(r) => r.dragMode}
          bars={[{ key: 'total', label: 'requests', value: (r) => r.total }]}
          height={200}
        />
      )}
      <DataTable label="DRAG mode distribution" columns={MODE_COLUMNS} feed={feed} rowKey={(r) => r.dragMode} empty={EMPTY_AUDIT} compact />
      {value && <CoverageNote coverage={value.coverage} />}
    </Card>
  );
}

const USER_COLUMNS: Column<UserActivityRow>[] = [
  { id: 'email', header: 'User', cell: (r) => r.email },
  { id: 'role', header: 'Role', cell: (r) => r.role },
  { id: 'total', header: 'Workflows', numeric: true, cell: (r) => formatCount(r.totalWorkflows) },
  { id: 'ok', header: 'Succeeded', numeric: true, cell: (r) => formatCount(r.successful) },
  { id: 'failed', header: 'Failed', numeric: true, cell: (r) => formatCount(r.failed) },
  { id: 'last', header: 'Last activity (UTC)', cell: (r) => <Time iso={r.lastActivity} /> },
];

export function UserActivityCard({ all }: { all: number }): React.JSX.Element {
  const { value, failed, reload } = useRefreshed('dashboard/user-activity', { limit: 10 }, all);
  const rows = value?.rows ?? NO_ROWS;
  const feed = useRowsFeed(rows, USER_COLUMNS, { loading: !value });
  return (
    <Card title="User activity" readAt={value?.readAt ?? null} failed={failed} onRefresh={reload}>
      {value && (
        <p className="note">
          The {rows.length} most active of {formatCount(value.users)} user(s).
        </p>
      )}
      <DataTable label="User activity" columns={USER_COLUMNS} feed={feed} rowKey={(r) => r.id} empty="No users yet." compact />
      {value && <CoverageNote coverage={value.coverage} />}
    </Card>
  );
}

const RECENT_COLUMNS: Column<RecentGovernanceRow>[] = [
  { id: 'when', header: 'When (UTC)', cell: (r) => <Time iso={r.createdAt} seconds /> },
  { id: 'actor', header: 'Actor', cell: (r) => r.actorName },
  { id: 'mode', header: 'Mode', cell: (r) => r.dragMode },
  { id: 'workflow', header: 'Workflow', cell: (r) => r.workflowName },
  { id: 'outcome', header: 'Outcome', cell: (r) => <span className={`outcome-${r.outcome}`}>{r.outcome}</span> },
  { id: 'duration', header: 'Duration', numeric: true, cell: (r) => formatDuration(r.durationSeconds) },
];

export function RecentCard({ all }: { all: number }): React.JSX.Element {
  const { value, failed, reload } = useRefreshed('dashboard/recent', {}, all);
  const rows = value?.rows ?? NO_ROWS;
  const feed = useRowsFeed(rows, RECENT_COLUMNS, { loading: !value, pageSize: 15 });
  return (
    <Card title="Recent governance" readAt={value?.readAt ?? null} failed={failed} onRefresh={reload} wide>
      <DataTable
        label="Recent governance"
        columns={RECENT_COLUMNS}
        feed={feed}
        rowKey={(r) => `${r.traceId}:${r.createdAt}`}
        empty={EMPTY_AUDIT}
        compact
      />
      {value && <CoverageNote coverage={value.coverage} />}
    </Card>
  );
}
