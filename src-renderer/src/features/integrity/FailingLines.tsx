import { useMemo } from 'react';
import type { VerifyFileEntry } from '../../../../src-main/shared/model/verification';
import { DataTable } from '../../ui/table/DataTable';
import { compareNumber, compareText } from '../../ui/table/sorting';
import type { Column } from '../../ui/table/types';
import { useRowsFeed } from '../../ui/table/useRowsFeed';

const COLUMNS: Column<VerifyFileEntry>[] = [
  { id: 'line', header: 'Line', compare: (a, b) => compareNumber(a.line, b.line), cell: (e) => e.line },
  { id: 'verdict', header: 'Verdict', compare: (a, b) => compareText(a.verdict, b.verdict), cell: (e) => e.verdict },
  { id: 'reason', header: 'Reason', compare: (a, b) => compareText(a.reason ?? null, b.reason ?? null), cell: (e) => e.reason },
];

/** The lines of a verified file that are not ok (the result has one entry per line). */
export function FailingLines({ entries }: { entries: VerifyFileEntry[] }): React.JSX.Element {
  const failing = useMemo(() => entries.filter((entry) => entry.verdict !== 'ok'), [entries]);
  const feed = useRowsFeed(failing, COLUMNS);
  return <DataTable label="Failing lines" columns={COLUMNS} feed={feed} rowKey={(e) => String(e.line)} empty="Every line verifies." />;
}
