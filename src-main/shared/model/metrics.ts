/**
 * Governance metrics (table governance_metrics) as time series: buckets aggregated by
 * PostgreSQL (date_trunc), never raw rows. Bucket starts are ISO 8601 UTC (`…Z`).
 */
export const METRIC_BUCKETS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

/** How the rows of one bucket become one value. */
export const METRIC_AGGREGATES = ['avg', 'sum', 'min', 'max', 'count'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/** The column series are split by; `none` draws one series per metric. */
export const METRIC_GROUPS = ['none', 'drag_mode', 'workflow_name', 'outcome'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** Series drawn per chart at most; the rest are summed up as `other`. */
export const MAX_METRIC_SERIES = 8;
/** Metric names charted at once at most. */
export const MAX_METRIC_NAMES = 6;
/** Buckets per chart at most: a wider bucket is needed beyond. */
export const MAX_METRIC_BUCKETS = 1000;

export interface MetricNames {
  names: string[];
  /** The oldest and newest timestamp of any metric (null: no metrics at all). */
  first: string | null;
  last: string | null;
}

export interface MetricSeriesQuery {
  names: string[];
  from: string;
  to: string;
  groupBy: MetricGroup;
  aggregate: MetricAggregate;
  /** Absent: chosen from the range (about a hundred buckets). */
  bucket?: MetricBucket;
}

export interface MetricSeriesInfo {
  /** The group's value ('(none)' when the column is NULL), 'other' for the groups beyond the cap, or the metric's name. */
  key: string;
  /** Rows of this series in the range. */
  samples: number;
}

export interface MetricChart {
  name: string;
  series: MetricSeriesInfo[];
  /** One per bucket of the range, in order: the bucket's start and each series' value (null: no rows). */
  points: Array<{ t: string; values: Record<string, number | null> }>;
  /** Rows of this metric in the range. */
  samples: number;
}

export interface MetricSeriesResult {
  bucket: MetricBucket;
  aggregate: MetricAggregate;
  groupBy: MetricGroup;
  from: string;
  to: string;
  charts: MetricChart[];
  readAt: string;
}
