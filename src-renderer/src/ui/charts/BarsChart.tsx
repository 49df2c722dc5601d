import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, seriesColour, TOOLTIP_STYLE } from './chartTheme';

export interface BarsChartProps<R> {
  title: string;
  rows: readonly R[];
  /** The category of a row (a workflow, a DRAG mode). */
  category(row: R): string;
  /** Bars per row; stacked when `stacked`. */
  bars: ReadonlyArray<{ key: string; label: string; value(row: R): number; colour?: string }>;
  stacked?: boolean;
  height?: number;
  /** Categories down the side (long names such as workflows), else along the bottom. */
  horizontal?: boolean;
}

/** Counts per category, side by side or stacked. */
export function BarsChart<R>({ title, rows, category, bars, stacked, height = 240, horizontal }: BarsChartProps<R>): React.JSX.Element {
  const data = rows.map((r) => ({ category: category(r), ...Object.fromEntries(bars.map((b) => [b.key, b.value(r)])) }));
  const categoryAxis = { dataKey: 'category', type: 'category' as const, ...AXIS };
  const valueAxis = { type: 'number' as const, allowDecimals: false, ...AXIS };
  return (
    <BarChart
      responsive
      style={{ width: '100%', height }}
      data={data}
      title={title}
      layout={horizontal ? 'vertical' : 'horizontal'}
      margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
    >
      <CartesianGrid stroke={GRID} strokeDasharray="3 3" />
      {horizontal ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} />}
      {horizontal ? <YAxis {...categoryAxis} width={150} /> : <YAxis {...valueAxis} width={56} />}
      <Tooltip cursor={{ fill: 'var(--hover)' }} {...TOOLTIP_STYLE} />
      {bars.length > 1 && <Legend wrapperStyle={{ color: 'var(--text)', fontSize: 12 }} />}
      {bars.map((b, i) => (
        <Bar
          key={b.key}
          dataKey={b.key}
          name={b.label}
          fill={b.colour ?? seriesColour(i)}
          stackId={stacked ? 'stack' : undefined}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}
