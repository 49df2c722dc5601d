import { useCallback, useMemo, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import type { ExecutionDto, ExecutionFilters, ExecutionPage } from '../../../../src-main/shared/model/workflows';
import { callOrToast } from '../../api/callOrToast';
import { useCall } from '../../api/useCall';
import { useStore } from '../../store';
import { formatCount, formatSeconds } from '../../ui/format';
import { EmptyData } from '../../ui/EmptyData';
import { DataTable } from '../../ui/table/DataTable';
import type { TableFeed } from '../../ui/table/types';
import { usePagedFeed, type LoadPage } from '../../ui/table/usePagedFeed';
import { usePageCommands } from '../../ui/usePageCommands';
import type { PollingState } from '../../ui/usePolling';
import { executionColumns } from './executionColumns';
import { ExecutionDrawer } from './ExecutionDrawer';
import { ExecutionFilterBar } from './ExecutionFilterBar';
import { hasFilters, rememberFilters, startingFilters } from './filters';
import { useLiveExecutions } from './useLiveExecutions';

function liveText(running: number, polling: PollingState, checkedAt: string | null): string {
  if (running === 0) return '';
  const checked = checkedAt ? `, last checked ${formatSeconds(checkedAt)} UTC` : '';
  if (polling.state === 'paused') return `${running} running — live updates paused while the window is hidden${checked}.`;
  const next = polling.state === 'waiting' ? `, next check in ${Math.round(polling.delayMs / 1000)} s` : '';
  return `${running} running — updating live${next}${checked}.`;
}

/** Workflow executions, newest started first, with filters, live running ones, and links to their audit entries. */
export function ExecutionsPage(): React.JSX.Element {
  const link = useStore((s) => s.params.filter);
  const navigate = useStore((s) => s.navigate);
  const connection = useStore((s) => s.connection?.profileId ?? null);
  const [filters, setFilters] = useState<ExecutionFilters>(() => startingFilters(connection, link));
  const [open, setOpen] = useState<string | null>(null);
  const [summary, setSummary] = useState<Pick<ExecutionPage, 'total' | 'totalAtLeast' | 'readAt'> | null>(null);
  const { value: workflows, reload: reloadWorkflows } = useCall('executions/workflows', {});

  const loadPage = useCallback<LoadPage<ExecutionDto, never>>(
    async (cursor) => {
      const page = await callOrToast('executions/list', { ...filters, limit: LIMITS.pageSize.default, cursor });
      if (page && cursor === null) setSummary({ total: page.total, totalAtLeast: page.totalAtLeast, readAt: page.readAt });
      return page;
    },
    [filters],
  );
  const paged = usePagedFeed(loadPage);
  const live = useLiveExecutions(paged.rows);
  const feed: TableFeed<ExecutionDto> = { ...paged, rows: live.rows };
  const { reload: reloadRows } = paged;
  const { reset } = live;
  const reload = useCallback(() => {
    reset();
    reloadRows();
  }, [reset, reloadRows]);
  const filter = (patch: Partial<ExecutionFilters>) => {
    reset();
    setFilters((f) => {
      const next = { ...f, ...patch };
      rememberFilters(connection, next);
      return next;
    });
  };
  const openAudit = useCallback((traceId: string) => navigate('audit-log', { filter: `trace:${traceId}` }), [navigate]);
  const columns = useMemo(() => executionColumns({ open: setOpen, openAudit: (e) => openAudit(e.traceId) }), [openAudit]);
  usePageCommands([
    { id: 'executions:refresh', label: 'Refresh executions', run: reload },
    { id: 'executions:running', label: 'Show running executions only', run: () => filter({ status: 'running' }) },
    {
      id: 'executions:clear',
      label: 'Clear the execution filters',
      run: () => filter({ workflow: null, status: null, trace: null, from: null, to: null }),
    },
  ]);

  const filtered = hasFilters(filters);
  return (
    <section>
      <h1>Executions</h1>
      <ExecutionFilterBar value={filters} workflows={workflows ?? []} onChange={filter} />
      <div className="actions page-status">
        <p className="muted" data-testid="execution-count">
          {summary?.total === null || summary?.total === undefined
            ? ''
            : `${summary.totalAtLeast ? 'More than ' : ''}${formatCount(summary.total)} execution(s)${filtered ? ' match' : ''}, read ${formatSeconds(summary.readAt)} UTC.`}
        </p>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      {summary?.total === 0 && !filtered && (
        <EmptyData
          what="No workflow executions to show."
          onLoaded={() => {
            reloadWorkflows();
            reload();
          }}
        />
      )}
      <p className="muted" data-testid="live-status" aria-live="polite">
        {liveText(live.running, live.polling, live.checkedAt)}
      </p>
      <DataTable
        label="Workflow executions"
        columns={columns}
        feed={feed}
        rowKey={(e) => e.id}
        rowData={(e) => ({ 'data-execution': e.id, 'data-status': e.status })}
        activeKey={open}
        onOpen={(e) => setOpen(e.id)}
        empty={
          filtered
            ? 'No executions match these filters: widen the time range or clear a filter.'
            : 'No workflow executions in this database yet: the service records one per workflow run.'
        }
      />
      {open && <ExecutionDrawer key={open} id={open} onClose={() => setOpen(null)} onOpenAudit={openAudit} />}
    </section>
  );
}
