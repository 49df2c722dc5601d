import type { AuditActivityDto } from '../../../../src-main/shared/model/users';
import { formatTime } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareText, compareTime } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

const COLUMNS: Column<AuditActivityDto>[] = [
  {
    id: 'created',
    header: 'When',
    firstDirection: 'desc',
    compare: (a, b) => compareTime(a.createdAt, b.createdAt),
    cell: (a) => formatTime(a.createdAt),
  },
  { id: 'workflow', header: 'Workflow', compare: (a, b) => compareText(a.workflowName, b.workflowName), cell: (a) => a.workflowName },
  { id: 'mode', header: 'Mode', compare: (a, b) => compareText(a.dragMode, b.dragMode), cell: (a) => a.dragMode },
  { id: 'outcome', header: 'Outcome', compare: (a, b) => compareText(a.outcome, b.outcome), cell: (a) => a.outcome },
];

/** The user's latest audit entries, newest first as main sends them. */
export function RecentAudit({ entries }: { entries: AuditActivityDto[] }): React.JSX.Element {
  const feed = useRowsFeed(entries, COLUMNS);
  return <DataTable label="Recent audit entries" columns={COLUMNS} feed={feed} rowKey={(a) => a.id} empty="None." compact />;
}
