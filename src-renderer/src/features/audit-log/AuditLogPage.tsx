import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditCountDto, AuditOrder, AuditPage, AuditRowDto, AuditView } from '../../../../src-main/shared/model/audit-log';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';
import { DataTable } from '../../ui/table/DataTable';
import { useWindowFeed } from '../../ui/table/useWindowFeed';
import { formatCount } from '../../ui/format';
import { countText } from './countText';
import { auditColumns, DEFAULT_COLUMNS } from './auditColumns';
import { auditPageLoader, type AuditListCall } from './auditClient';
import { AuditDrawer } from './AuditDrawer';
import { EvidencePanel } from './EvidencePanel';
import { ExportPanel } from './ExportPanel';
import { FilterBar } from './FilterBar';
import { loadTimeZone, saveTimeZone, type TimeZoneSetting } from './time';
import { ViewsMenu } from './ViewsMenu';
import './audit-log.css';

const PAGE_SIZE = 200;
const ROW_HEIGHT = 30;
/** Rows held at once, whatever the scroll: older pages are dropped and fetched again when needed. */
const MAX_ROWS = 4000;

/** True once `busy` has lasted `ms`. */
function useSlow(busy: boolean, ms: number): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setSlow(true), ms);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [busy, ms]);
  return busy && slow;
}

const auditRowKey = (r: AuditRowDto) => r.id;
const auditRowData = (r: AuditRowDto) => ({ 'data-audit-id': r.id, 'data-created': r.createdAt ?? '' });

export function AuditLogPage(): React.JSX.Element {
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<AuditOrder>('newest');
  const [shown, setShown] = useState<string[]>(DEFAULT_COLUMNS);
  const [zone, setZone] = useState<TimeZoneSetting>(loadTimeZone);
  const [open, setOpen] = useState<string | null>(null);
  const [count, setCount] = useState<AuditCountDto | null>(null);
  const [counting, setCounting] = useState(false);
  const [queryMs, setQueryMs] = useState<number | null>(null);
  const [jumpAt, setJumpAt] = useState('');
  const [countQuery, setCountQuery] = useState<string | null>(null);
  const { value: facets } = useCall('audit/facets', {});

  const load = useMemo(() => {
    const list: AuditListCall = async (input) => {
      const page: AuditPage | null = await callOrToast('audit/list', input);
      if (page?.count) setCount(page.count);
      if (page) setQueryMs(page.queryMs);
      return page;
    };
    return auditPageLoader(list, { filter, order, pageSize: PAGE_SIZE });
  }, [filter, order]);
  const feed = useWindowFeed<AuditRowDto, AuditPage>(load, { maxRows: MAX_ROWS });
  const columns = useMemo(() => auditColumns(zone).filter((c) => shown.includes(c.id)), [zone, shown]);
  const verification = feed.lastPage?.verification ?? null;
  // Stop is offered once a query has run for a moment (a scan), not flashed at every quick page.
  const slow = useSlow(feed.loading || counting, 400);

  const applyFilter = useCallback((next: string) => {
    setFilter(next);
    setCount(null);
  }, []);
  const applyView = (view: AuditView) => {
    applyFilter(view.filter);
    setOrder(view.order);
    if (view.columns.length) setShown(view.columns);
  };
  const exactCount = async () => {
    const id = crypto.randomUUID();
    setCountQuery(id);
    setCounting(true);
    const answer = await callOrToast('audit/count', { filter, exact: true, queryId: id });
    setCounting(false);
    setCountQuery(null);
    if (answer) setCount(answer);
  };
  const stop = () => {
    const id = countQuery ?? load.lastQueryId;
    if (id) void callOrToast('audit/cancel', { queryId: id });
  };

  const empty = filter
    ? 'No audit entries match this filter: widen it, or clear it to see every entry.'
    : 'The audit log is empty. Load demo data with "govcon demo --rows N", or import an audit.jsonl on the Integrity page.';

  return (
    <section className={`audit-log${open ? ' with-drawer' : ''}`}>
      <h1>Audit Log</h1>
      <FilterBar key={filter} value={filter} onApply={applyFilter} workflows={facets?.workflows ?? []} />
      <ViewsMenu current={{ filter, columns: shown, order }} onApply={applyView} />
      <div className="filters audit-tools">
        <label>
          Order
          <select value={order} onChange={(e) => setOrder(e.target.value as AuditOrder)}>
            <option value="newest">newest first</option>
            <option value="oldest">oldest first</option>
          </select>
        </label>
        <button type="button" onClick={() => feed.jumpTo?.('start')}>
          Go to first
        </button>
        <button type="button" onClick={() => feed.jumpTo?.('end')}>
          Go to last
        </button>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (jumpAt.trim()) feed.start({ at: jumpAt.trim() });
          }}
        >
          <label>
            Jump to time
            <input type="text" value={jumpAt} placeholder="2026-03-01T14:00Z or 7d" onChange={(e) => setJumpAt(e.target.value)} />
          </label>
          <button type="submit" disabled={!jumpAt.trim()}>
            Jump
          </button>
        </form>
        <label>
          Times
          <select
            value={zone}
            onChange={(e) => {
              const z = e.target.value as TimeZoneSetting;
              setZone(z);
              saveTimeZone(z);
            }}
          >
            <option value="utc">UTC</option>
            <option value="local">local time</option>
          </select>
        </label>
        <details className="audit-columns">
          <summary>Columns</summary>
          {auditColumns(zone).map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={shown.includes(c.id)}
                onChange={(e) =>
                  setShown((s) =>
                    e.target.checked
                      ? auditColumns(zone)
                          .map((x) => x.id)
                          .filter((id) => id === c.id || s.includes(id))
                      : s.filter((id) => id !== c.id),
                  )
                }
              />
              {c.header}
            </label>
          ))}
        </details>
      </div>
      <p className="audit-status-line" data-testid="audit-count" aria-live="polite">
        {count === null ? 'Counting…' : countText(count, feed.rows.length)}{' '}
        {count && !count.exact && (
          <button type="button" className="link" disabled={counting} onClick={() => void exactCount()}>
            {counting ? 'Counting exactly…' : 'Count exactly'}
          </button>
        )}
        {slow && (
          <button type="button" className="danger" onClick={stop}>
            Stop
          </button>
        )}
        <span className="muted">
          {' '}
          ·{' '}
          {verification
            ? `last verified ${verification.finishedAt.slice(0, 16).replace('T', ' ')} UTC (db-v1: ${formatCount(verification.tampered)} broken)`
            : 'not verified yet (Integrity page: verify the database)'}
        </span>
      </p>
      <DataTable
        label="Audit log"
        columns={columns}
        feed={feed}
        rowKey={auditRowKey}
        rowData={auditRowData}
        activeKey={open}
        onOpen={(r) => setOpen(r.id)}
        empty={empty}
        virtual={{ rowHeight: ROW_HEIGHT, height: 'calc(100vh - 420px)' }}
      />
      <p className="muted debug-line" data-testid="audit-debug">
        {`page query ${queryMs === null ? '—' : `${queryMs} ms`} · ${formatCount(feed.rows.length)} rows held · filter: ${filter || '(none)'}`}
      </p>
      <ExportPanel filter={filter} />
      <EvidencePanel filter={filter} />
      {open && <AuditDrawer key={open} id={open} zone={zone} onClose={() => setOpen(null)} />}
    </section>
  );
}
