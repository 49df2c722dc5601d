import { useCallback, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import type { DormantReport as Report, DormantUserDto } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';
import { useReadOnly } from '../../store/useReadOnly';
import { useConfirm } from '../../ui/ConfirmDialog';
import { download } from '../../ui/download';
import { formatTime } from '../../ui/format';
import { DataTable } from '../../ui/table/DataTable';
import type { Column } from '../../ui/table/types';
import { usePagedFeed, type LoadPage } from '../../ui/table/usePagedFeed';
import { dormantReportCsv } from './dormantCsv';

const COLUMNS: Column<DormantUserDto>[] = [
  { id: 'email', header: 'Email', cell: (u) => u.email },
  { id: 'role', header: 'Role', cell: (u) => u.role },
  { id: 'last-seen', header: 'Last seen', cell: (u) => formatTime(u.lastSeenAt) },
];

type Summary = Pick<Report, 'days' | 'cutoff' | 'total'>;

/** The rows of one run of the report; the first page also says how many and since when. */
function DormantRows({ days, onChanged }: { days: number; onChanged(): void }): React.JSX.Element {
  const readOnly = useReadOnly();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [disabled, setDisabled] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const { confirm, dialog } = useConfirm();
  const loadPage = useCallback<LoadPage<DormantUserDto, never>>(
    async (cursor) => {
      const page = await callOrToast('users/dormant', { days, cursor });
      if (page && cursor === null) setSummary({ days: page.days, cutoff: page.cutoff, total: page.total });
      return page;
    },
    [days],
  );
  const feed = usePagedFeed(loadPage);
  // Only the rows loaded so far: what the person has seen is what they disable.
  const shown = feed.rows;
  const disableShown = async () => {
    if (!summary || shown.length === 0) return;
    const n = shown.length;
    const ok = await confirm({
      title: `Disable these ${n} dormant users?`,
      message: (
        <>
          The {n} user(s) listed above — not seen for {summary.days} days — can no longer sign in, and their usable API keys are suspended
          with them. {summary.total !== null && summary.total > n && `The other ${summary.total - n} not loaded yet are left alone. `}
          Enabling a user again restores their keys.
        </>
      ),
      confirmLabel: `Disable ${n} user(s)`,
      danger: true,
    });
    if (!ok) return;
    const res = await callOrToast('users/disable-dormant', { days: summary.days, userIds: shown.map((u) => u.id) });
    if (!res) return;
    setDisabled(res.changedIds.length);
    feed.reload();
    onChanged();
  };
  const exportCsv = async () => {
    setExporting(true);
    const file = await dormantReportCsv(days);
    setExporting(false);
    if (file) download(file);
  };
  return (
    <>
      {summary && (
        <p data-testid="dormant-summary">
          {summary.total ?? shown.length} dormant active user(s) not seen since {formatTime(summary.cutoff)}.
        </p>
      )}
      <DataTable
        label="Dormant users"
        columns={COLUMNS}
        feed={feed}
        rowKey={(u) => u.id}
        empty={`No dormant users: everyone active was seen in the last ${days} days.`}
        compact
      />
      <div className="actions">
        {shown.length > 0 && (
          <button
            type="button"
            className="danger"
            disabled={readOnly || feed.loading}
            title={readOnly ? 'This connection is read-only' : undefined}
            onClick={() => void disableShown()}
          >
            Disable these {shown.length}
          </button>
        )}
        {summary && (summary.total ?? shown.length) > 0 && (
          <button type="button" disabled={exporting} onClick={() => void exportCsv()}>
            {exporting ? 'Exporting…' : `Export all ${summary.total ?? shown.length} as CSV`}
          </button>
        )}
      </div>
      {disabled !== null && <p data-testid="dormant-disabled">Disabled {disabled} user(s).</p>}
      {dialog}
    </>
  );
}

/** Users with no login and no key use for a number of days, and disabling them. */
export function DormantReport({ onChanged }: { onChanged(): void }): React.JSX.Element {
  const [days, setDays] = useState<number>(LIMITS.dormantDays.default);
  const [run, setRun] = useState<{ days: number; n: number } | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setRun((r) => ({ days, n: (r?.n ?? 0) + 1 }));
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Dormant accounts">
      <h2>Dormant accounts</h2>
      <label>
        No login and no key use for{' '}
        <input
          type="number"
          min={1}
          max={LIMITS.dormantDays.max}
          value={days}
          className="narrow"
          onChange={(e) => setDays(Number(e.target.value))}
        />{' '}
        days
      </label>{' '}
      <button type="submit">Run report</button>
      {/* Each run is a fresh report: new rows, new summary. */}
      {run && <DormantRows key={run.n} days={run.days} onChanged={onChanged} />}
    </form>
  );
}
