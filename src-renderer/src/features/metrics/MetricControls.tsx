import {
  MAX_METRIC_NAMES,
  METRIC_AGGREGATES,
  METRIC_BUCKETS,
  METRIC_GROUPS,
  type MetricAggregate,
  type MetricBucket,
  type MetricGroup,
} from '../../../../src-main/shared/model/metrics';
import { inputFromUtc, utcFromInput } from '../executions/filters';

export interface MetricSelection {
  names: string[];
  from: string;
  to: string;
  groupBy: MetricGroup;
  aggregate: MetricAggregate;
  /** null: chosen from the range. */
  bucket: MetricBucket | null;
}

export const GROUP_LABELS: Record<MetricGroup, string> = {
  none: 'nothing (one line per metric)',
  drag_mode: 'DRAG mode',
  workflow_name: 'workflow',
  outcome: 'outcome',
};
const AGGREGATE_LABELS: Record<MetricAggregate, string> = {
  avg: 'the average',
  sum: 'the sum',
  min: 'the minimum',
  max: 'the maximum',
  count: 'the number of samples',
};

export const RANGES = [
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 86_400_000 },
  { id: '365d', label: 'Last year', ms: 365 * 86_400_000 },
] as const;

/** Now, to the minute (UTC), as the end of a range that includes the current minute. */
export function minuteAfterNow(): string {
  return `${new Date(Date.now() + 60_000).toISOString().slice(0, 16)}Z`;
}

export function rangeEndingNow(ms: number): Pick<MetricSelection, 'from' | 'to'> {
  const to = minuteAfterNow();
  return { from: `${new Date(Date.parse(to) - ms).toISOString().slice(0, 16)}Z`, to };
}

interface Props {
  names: readonly string[];
  value: MetricSelection;
  onChange(patch: Partial<MetricSelection>): void;
}

/** Which metrics, over which time (UTC), split by what and aggregated how. */
export function MetricControls({ names, value, onChange }: Props): React.JSX.Element {
  const toggle = (name: string) => {
    const chosen = value.names.includes(name) ? value.names.filter((n) => n !== name) : [...value.names, name];
    onChange({ names: chosen });
  };
  const full = value.names.length >= MAX_METRIC_NAMES;
  return (
    <form className="card metric-controls" aria-label="Metrics to chart" onSubmit={(e) => e.preventDefault()}>
      <fieldset className="metric-names">
        <legend>
          Metrics <span className="muted">(up to {MAX_METRIC_NAMES})</span>
        </legend>
        {names.map((name) => (
          <label key={name} className="checkbox">
            <input
              type="checkbox"
              checked={value.names.includes(name)}
              disabled={full && !value.names.includes(name)}
              onChange={() => toggle(name)}
            />{' '}
            <code>{name}</code>
          </label>
        ))}
      </fieldset>
      <div className="filters">
        <label>
          Range{' '}
          <select
            value=""
            onChange={(e) => {
              const range = RANGES.find((r) => r.id === e.target.value);
              if (range) onChange(rangeEndingNow(range.ms));
            }}
          >
            <option value="">choose…</option>
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC){' '}
          <input
            type="datetime-local"
            required
            value={inputFromUtc(value.from)}
            onChange={(e) => {
              const from = utcFromInput(e.target.value);
              if (from) onChange({ from });
            }}
          />
        </label>
        <label>
          To (UTC){' '}
          <input
            type="datetime-local"
            required
            value={inputFromUtc(value.to)}
            onChange={(e) => {
              const to = utcFromInput(e.target.value);
              if (to) onChange({ to });
            }}
          />
        </label>
        <label>
          Group by{' '}
          <select value={value.groupBy} onChange={(e) => onChange({ groupBy: e.target.value as MetricGroup })}>
            {METRIC_GROUPS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Each point{' '}
          <select value={value.aggregate} onChange={(e) => onChange({ aggregate: e.target.value as MetricAggregate })}>
            {METRIC_AGGREGATES.map((a) => (
              <option key={a} value={a}>
                {AGGREGATE_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Bucket{' '}
          <select value={value.bucket ?? ''} onChange={(e) => onChange({ bucket: (e.target.value || null) as MetricBucket | null })}>
            <option value="">automatic</option>
            {METRIC_BUCKETS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
    </form>
  );
}
