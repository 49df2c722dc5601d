import type { AuditRowDto, RowStatus } from '../../../../src-main/shared/model/audit-log';
import type { Column } from '../../ui/table/types';
import { timeCell, type TimeZoneSetting } from './time';

const STATUS_TEXT: Record<RowStatus, string> = {
  verified: 'verified',
  broken: 'broken',
  unverifiable: 'unverifiable',
  'not-verified': 'not verified',
};

export function StatusBadge({ status }: { status: RowStatus }): React.JSX.Element {
  return <span className={`audit-status ${status}`}>{STATUS_TEXT[status]}</span>;
}

/** Every column the page can show, in order; `id` is also the saved views' column name. */
export function auditColumns(zone: TimeZoneSetting): Column<AuditRowDto>[] {
  return [
    {
      id: 'created',
      header: zone === 'utc' ? 'Time (UTC)' : 'Time (local)',
      width: zone === 'utc' ? '200px' : '250px',
      cell: (r) => {
        const t = timeCell(r.createdAt, zone);
        return <time title={t.title}>{t.text}</time>;
      },
    },
    { id: 'actor', header: 'Actor', cell: (r) => <span title={r.actorEmail ?? undefined}>{r.actorName}</span> },
    { id: 'email', header: 'Email', cell: (r) => r.actorEmail ?? '—' },
    { id: 'role', header: 'Role', width: '90px', cell: (r) => r.actorRole ?? '—' },
    { id: 'mode', header: 'Mode', width: '80px', cell: (r) => r.dragMode },
    { id: 'workflow', header: 'Workflow', cell: (r) => r.workflowName },
    { id: 'outcome', header: 'Outcome', width: '80px', cell: (r) => <span className={`outcome ${r.outcome}`}>{r.outcome}</span> },
    { id: 'duration', header: 'Duration (s)', numeric: true, width: '100px', cell: (r) => r.durationSeconds ?? '—' },
    { id: 'status', header: 'Integrity', width: '110px', cell: (r) => <StatusBadge status={r.status} /> },
    { id: 'objective', header: 'Mission objective', cell: (r) => r.missionObjective ?? '—' },
    { id: 'error', header: 'Error', cell: (r) => r.error ?? '' },
    { id: 'trace', header: 'Trace', width: '300px', cell: (r) => <code>{r.traceId}</code> },
  ];
}

export const DEFAULT_COLUMNS = ['created', 'actor', 'role', 'mode', 'workflow', 'outcome', 'duration', 'status'];
