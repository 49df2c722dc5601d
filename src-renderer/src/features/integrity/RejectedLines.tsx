import type { ImportRejection } from '../../../../src-main/shared/model/verification';
import { formatCount } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

const COLUMNS: Column<ImportRejection>[] = [
  { id: 'line', header: 'Line', compare: (a, b) => compareNumber(a.line, b.line), cell: (r) => r.line },
  { id: 'reason', header: 'Reason', compare: (a, b) => compareText(a.reason, b.reason), cell: (r) => r.reason },
  { id: 'message', header: 'Detail', cell: (r) => r.message },
];

/** Lines an import did not take; main lists a bounded number and counts the rest. */
export function RejectedLines({ rejected, notListed }: { rejected: ImportRejection[]; notListed: number }): React.JSX.Element {
  const feed = useRowsFeed(rejected, COLUMNS);
  return (
    <>
      <DataTable label="Rejected lines" columns={COLUMNS} feed={feed} rowKey={(r) => String(r.line)} empty="No line was rejected." />
      {notListed > 0 && <p className="muted">{formatCount(notListed)} more rejected lines were counted but not listed.</p>}
    </>
  );
}
