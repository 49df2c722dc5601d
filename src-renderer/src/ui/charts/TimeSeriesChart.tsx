import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricBucket } from '../../../../src-main/shared/model/metrics';
import { AXIS, GRID, seriesColour, TOOLTIP_STYLE } from './chartTheme';

export interface TimeSeriesChartProps {
  /** The chart's accessible name; the numbers are also in the table beside it. */
  title: string;
  bucket: MetricBucket;
  series: readonly string[];
  points: ReadonlyArray<{ t: string; values: Record<string, number | null> }>;
  height?: number;
}

/** A bucket start (ISO UTC) as an axis label: only what the bucket width makes useful. */
export function bucketLabel(t: string, bucket: MetricBucket): string {
  if (bucket === 'month') return t.slice(0, 7);
  if (bucket === 'day' || bucket === 'week') return t.slice(5, 10);
  return `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

/** One line per series over the buckets; a bucket without rows is a gap, not a zero. */
export function TimeSeriesChart({ title, bucket, series, points, height = 240 }: TimeSeriesChartProps): React.JSX.Element {
  const data = points.map((p) => ({ t: p.t, ...p.values }));
  const dots = points.length <= 40;
  return (
    <LineChart responsive style={{ width: '100%', height }} data={data} title={title} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
      <CartesianGrid stroke={GRID} strokeDasharray="3 3" />
      <XAxis dataKey="t" tickFormatter={(t: string) => bucketLabel(t, bucket)} minTickGap={24} {...AXIS} />
      <YAxis width={56} {...AXIS} />
      <Tooltip labelFormatter={(t) => `${String(t).slice(0, 16).replace('T', ' ')} UTC`} {...TOOLTIP_STYLE} />
      {series.length > 1 && <Legend wrapperStyle={{ color: 'var(--text)', fontSize: 12 }} />}
      {series.map((key, i) => (
        <Line
          key={key}
          type="linear"
          dataKey={(d: Record<string, unknown>) => d[key] as number | null}
          name={key}
          stroke={seriesColour(i)}
          strokeWidth={2}
          dot={dots ? { r: 2, fill: seriesColour(i) } : false}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
