import { useEffect, useState } from 'react';
import type { MetricNames, MetricSeriesResult } from '../../../../src-main/shared/model/metrics';
import { callOrToast } from '../../api/callOrToast';
import { useReading } from '../../ui/useReading';
import { EmptyData } from '../../ui/EmptyData';
import { formatSeconds } from '../../ui/format';
import { usePageCommands } from '../../ui/usePageCommands';
import { MetricChartCard } from './MetricChartCard';
import { MetricControls, rangeEndingNow, type MetricSelection } from './MetricControls';

const DAY = 86_400_000;

/** The first selection: a few metrics over the last 30 days, or the 30 days up to the newest sample if it is older. */
function initialSelection(names: MetricNames): MetricSelection {
  const chosen = names.names.slice(0, 3);
  const recent = rangeEndingNow(30 * DAY);
  const last = names.last ? Date.parse(names.last) : null;
  const range =
    last !== null && last < Date.parse(recent.from)
      ? { from: `${new Date(last - 30 * DAY).toISOString().slice(0, 16)}Z`, to: `${new Date(last + 60_000).toISOString().slice(0, 16)}Z` }
      : recent;
  const counters = chosen.length > 0 && chosen.every((n) => /_total$|_count$/.test(n));
  return { names: chosen, ...range, groupBy: 'none', aggregate: counters ? 'sum' : 'avg', bucket: null };
}

function Charts({ selection, refresh }: { selection: MetricSelection; refresh: number }): React.JSX.Element {
  const [result, setResult] = useState<{ key: string; value: MetricSeriesResult | null } | null>(null);
  const key = JSON.stringify(selection);
  const asked = `${key}#${refresh}`;
  useEffect(() => {
    if (selection.names.length === 0) return;
    let live = true;
    const { bucket, ...rest } = JSON.parse(key) as MetricSelection;
    void callOrToast('metrics/series', { ...rest, ...(bucket ? { bucket } : {}) }).then((value) => {
      if (live) setResult({ key: asked, value });
    });
    return () => {
      live = false;
    };
  }, [key, asked, selection.names.length]);
  if (selection.names.length === 0) return <p className="muted">Choose at least one metric above.</p>;
  const current = result?.value ?? null;
  return (
    <div aria-busy={result?.key !== asked || undefined}>
      {current && (
        <p className="muted" data-testid="metrics-read">
          Aggregated by PostgreSQL per {current.bucket}, read {formatSeconds(current.readAt)} UTC
          {result?.key !== asked ? ' — updating…' : '.'}
        </p>
      )}
      {!current && <p className="muted">{result ? 'The charts could not be loaded: the reason is in the message.' : 'Loading…'}</p>}
      <div className="metric-grid">
        {current?.charts.map((chart) => (
          <MetricChartCard key={chart.name} chart={chart} result={current} />
        ))}
      </div>
    </div>
  );
}

/** Governance metrics as time series: pick metrics and a range; PostgreSQL buckets and aggregates them. */
export function MetricsPage(): React.JSX.Element {
  const { value: names, failed, reload } = useReading('metrics/names', {});
  const [selection, setSelection] = useState<MetricSelection | null>(null);
  const [refresh, setRefresh] = useState(0);
  const current = selection ?? (names ? initialSelection(names) : null);
  const change = (patch: Partial<MetricSelection>) => setSelection({ ...current!, ...patch });
  usePageCommands([
    { id: 'metrics:refresh', label: 'Refresh metrics', run: () => setRefresh((n) => n + 1) },
    { id: 'metrics:names', label: 'Reload the metric names', run: reload },
  ]);
  return (
    <section aria-busy={(!names && !failed) || undefined}>
      <h1>Metrics</h1>
      {!names && !failed && <p className="muted">Loading the metric names…</p>}
      {!names && failed && (
        <p className="muted">
          The metric names could not be read: the reason is in the message below.{' '}
          <button type="button" className="link" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      {names && names.names.length === 0 && (
        <EmptyData what="No governance metrics to chart: the service writes them as workflows run." onLoaded={reload} />
      )}
      {names && current && names.names.length > 0 && (
        <>
          <p className="muted">
            Samples from {formatSeconds(names.first)} to {formatSeconds(names.last)} UTC.
          </p>
          <MetricControls names={names.names} value={current} onChange={change} />
          <div className="actions">
            <button type="button" onClick={() => setRefresh((n) => n + 1)}>
              Refresh
            </button>
          </div>
          <Charts selection={current} refresh={refresh} />
        </>
      )}
    </section>
  );
}
