import type { VerifyDbFailure } from '../../../../src-main/shared/model/verification';
import { formatCount } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

const COLUMNS: Column<VerifyDbFailure>[] = [
  { id: 'verdict', header: 'Verdict', compare: (a, b) => compareText(a.verdict, b.verdict), cell: (f) => `${f.verdict} (${f.reason})` },
  { id: 'id', header: 'id', cell: (f) => <code>{f.id}</code> },
  { id: 'trace_id', header: 'trace_id', cell: (f) => <code>{f.trace_id}</code> },
  // As PostgreSQL prints it, so it orders as text.
  { id: 'created_at', header: 'created_at', compare: (a, b) => compareText(a.created_at, b.created_at), cell: (f) => f.created_at },
  { id: 'stored', header: 'stored', cell: (f) => <code className="hash">{f.stored}</code> },
  { id: 'computed', header: 'recomputed', cell: (f) => <code className="hash">{f.computed}</code> },
];

/** The rows db-v1 did not pass, in the order verified; main lists a bounded number and counts the rest. */
export function FailingRows({ failures, notListed }: { failures: VerifyDbFailure[]; notListed: number }): React.JSX.Element {
  const feed = useRowsFeed(failures, COLUMNS);
  return (
    <>
      <DataTable label="Failing rows" columns={COLUMNS} feed={feed} rowKey={(f) => f.id} empty="No failing rows." />
      {notListed > 0 && <p className="muted">{formatCount(notListed)} more failing rows were counted but not listed.</p>}
    </>
  );
}
