import type { Finding } from '../../../../src-main/shared/model/report';
import { formatCount } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

/** A finding's detail as words: the columns that differ, a message, the hashes of a row. */
function detailOf(f: Finding): React.ReactNode {
  const d = f.detail as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') return null;
  const parts: React.ReactNode[] = [];
  if (typeof d.file_name === 'string') parts.push(`${d.file_name}: `);
  if (typeof d.message === 'string') parts.push(d.message);
  else if (Array.isArray(d.columns)) parts.push(`differs in ${(d.columns as string[]).join(', ')}`);
  if (typeof d.trace_id === 'string' || typeof d.stored === 'string') {
    parts.push(
      <span key="row">
        trace <code>{String(d.trace_id)}</code> at {String(d.created_at)}; stored <code className="hash">{String(d.stored)}</code>,
        recomputed <code className="hash">{String(d.computed)}</code>
      </span>,
    );
  }
  return <>{parts}</>;
}

const position = (f: Finding) => f.line ?? f.position ?? 0;

function columnsFor(where: 'line' | 'row'): Column<Finding>[] {
  return [
    {
      id: 'position',
      header: where === 'line' ? 'Line' : 'Row',
      numeric: true,
      compare: (a, b) => compareNumber(position(a), position(b)),
      cell: (f) => (where === 'line' ? f.line : f.position) ?? '—',
    },
    { id: 'kind', header: 'Finding', compare: (a, b) => compareText(a.kind, b.kind), cell: (f) => f.kind },
    { id: 'reason', header: 'Reason', compare: (a, b) => compareText(a.reason, b.reason), cell: (f) => f.reason ?? '—' },
    { id: 'id', header: 'Row id', cell: (f) => (f.id ? <code>{f.id}</code> : '—') },
    { id: 'detail', header: 'Detail', cell: detailOf },
  ];
}

const LINE_COLUMNS = columnsFor('line');
const ROW_COLUMNS = columnsFor('row');

/** A report's findings (main lists a bounded number and counts the rest). */
export function Findings(props: { label: string; findings: Finding[]; notListed: number; where: 'line' | 'row' }): React.JSX.Element {
  const { label, findings, notListed, where } = props;
  const columns = where === 'line' ? LINE_COLUMNS : ROW_COLUMNS;
  const feed = useRowsFeed(findings, columns);
  return (
    <>
      <DataTable
        label={label}
        columns={columns}
        feed={feed}
        rowKey={(f) =>
          `${f.kind}:${f.position ?? ''}:${f.line ?? ''}:${f.id ?? ''}:${f.reason ?? ''}:${(f.detail as { offset?: number } | null)?.offset ?? ''}`
        }
        empty="Nothing was found."
      />
      {notListed > 0 && <p className="muted">{formatCount(notListed)} more findings were counted but not listed.</p>}
    </>
  );
}
