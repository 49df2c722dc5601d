import type { TableInfoDto } from '../../../../src-main/shared/model/database';
import { formatCount } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

const COLUMNS: Column<TableInfoDto>[] = [
  { id: 'name', header: 'Name', compare: (a, b) => compareText(a.name, b.name), cell: (t) => <code>{t.name}</code> },
  { id: 'kind', header: 'Kind', compare: (a, b) => compareText(a.kind, b.kind), cell: (t) => t.kind },
  { id: 'owner', header: 'Belongs to', compare: (a, b) => compareText(a.owner, b.owner), cell: (t) => t.owner },
  {
    id: 'rows',
    header: 'Rows',
    numeric: true,
    firstDirection: 'desc',
    compare: (a, b) => compareNumber(a.rows, b.rows),
    cell: (t) => (t.rows === null ? '—' : `${t.estimated ? '≈ ' : ''}${formatCount(t.rows)}`),
  },
];

const NONE: TableInfoDto[] = [];

/** The database's tables and views with their row counts; `tables` is null until they are read. */
export function TablesCard({ tables }: { tables: TableInfoDto[] | null }): React.JSX.Element {
  const feed = useRowsFeed(tables ?? NONE, COLUMNS, { loading: tables === null });
  return (
    <div className="card">
      <h2>Tables and views</h2>
      <DataTable label="Tables and views" columns={COLUMNS} feed={feed} rowKey={(t) => t.name} empty="No tables yet." />
    </div>
  );
}
