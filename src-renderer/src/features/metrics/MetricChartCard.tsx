import type { MetricChart, MetricSeriesResult } from '../../../../src-main/shared/model/metrics';
import { TimeSeriesChart } from '../../ui/charts/TimeSeriesChart';
import { formatCount } from '../../ui/format';
import { GROUP_LABELS } from './MetricControls';

const NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** One metric: its chart, what it shows, and the same numbers as a table for whoever reads them so. */
export function MetricChartCard({ chart, result }: { chart: MetricChart; result: MetricSeriesResult }): React.JSX.Element {
  const keys = chart.series.map((s) => s.key);
  const what = `${result.aggregate} of ${chart.name} per ${result.bucket}${result.groupBy === 'none' ? '' : `, by ${GROUP_LABELS[result.groupBy]}`}`;
  return (
    <article className="card metric-card" aria-label={`Chart: ${chart.name}`} data-metric={chart.name}>
      <h2>
        <code>{chart.name}</code>
      </h2>
      <p className="note" data-testid="metric-summary">
        {what} — {formatCount(chart.samples)} sample(s) in {chart.points.length} bucket(s)
      </p>
      {chart.samples === 0 ? (
        <p className="muted">No samples of this metric in the range: widen the range or choose another metric.</p>
      ) : (
        <>
          <TimeSeriesChart title={`${what}, ${result.from} to ${result.to}`} bucket={result.bucket} series={keys} points={chart.points} />
          <details>
            <summary>The numbers</summary>
            <div className="table-scroll">
              <table className="grid compact" aria-label={`${chart.name} by ${result.bucket}`}>
                <thead>
                  <tr>
                    <th scope="col">{result.bucket} (UTC)</th>
                    {keys.map((k) => (
                      <th key={k} scope="col" className="num">
                        {k}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {chart.points
                    .filter((p) => keys.some((k) => p.values[k] !== null))
                    .map((p) => (
                      <tr key={p.t}>
                        <td>{p.t.slice(0, 16).replace('T', ' ')}</td>
                        {keys.map((k) => (
                          <td key={k} className="num">
                            {p.values[k] === null ? '—' : NUMBER.format(p.values[k]!)}
                          </td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </article>
  );
}
