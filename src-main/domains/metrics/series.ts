/**
 * Governance metrics as time series: PostgreSQL buckets the rows with date_trunc and aggregates
 * them, so the window receives one value per bucket and series, never the rows themselves.
 */
import type { Sequelize } from 'sequelize';
import { AppError } from '../../shared/errors';
import {
  MAX_METRIC_NAMES,
  MAX_METRIC_SERIES,
  type MetricAggregate,
  type MetricChart,
  type MetricGroup,
  type MetricNames,
  type MetricSeriesQuery,
  type MetricSeriesResult,
} from '../../shared/model/metrics';
import { select } from '../../platform/db/sql/query';
import { needsSchema } from '../workflows/needs-schema';
import { isoSql } from '../../platform/db/sql/timestamps';
import { distinctValues } from '../workflows/distinct-values';
import { timeFilter } from '../workflows/time-filter';
import { checkBucket, spanMs } from './buckets';

/** Constant SQL per choice: what a person picks selects a fragment, it is never put into the SQL. */
const GROUP_SQL: Record<MetricGroup, string> = {
  none: 'metric_name',
  drag_mode: 'drag_mode',
  workflow_name: 'workflow_name',
  outcome: 'outcome',
};
/*
 * The rows are first reduced to one line per (metric, group, bucket) holding sum, count, min and
 * max; the groups beyond the cap are then combined from those lines, which is exact for every
 * aggregate (an average is the sum over the count), and sorts a few hundred lines, not the rows.
 */
const AGGREGATE_SQL: Record<MetricAggregate, string> = {
  avg: 'sum(b.s) / sum(b.n)',
  sum: 'sum(b.s)',
  min: 'min(b.lo)',
  max: 'max(b.hi)',
  count: 'sum(b.n)',
};

/** A NULL group value, and the groups beyond MAX_METRIC_SERIES summed up together. */
export const NO_GROUP = '(none)';
export const OTHER_GROUPS = '(other)';
/** Longest range a chart may cover. */
const MAX_SPAN_MS = 10 * 366 * 86_400_000;
const MAX_NAMES_LISTED = 1000;

/** The metric names there are (a loose index scan of idx_governance_metrics_metric_name) and the time they span. */
export async function metricNames(sequelize: Sequelize): Promise<MetricNames> {
  return needsSchema('governance metrics table', async () => {
    const names = await distinctValues(sequelize, 'governance_metrics', 'metric_name', MAX_NAMES_LISTED);
    const [span] = await select<{ first: string | null; last: string | null }>(
      sequelize,
      `SELECT ${isoSql('min("timestamp")')} AS first, ${isoSql('max("timestamp")')} AS last FROM governance_metrics`,
      [],
    );
    return { names, first: span?.first ?? null, last: span?.last ?? null };
  });
}

interface BucketRow {
  name: string;
  series: string;
  t: string;
  value: number | null;
  n: number;
}

/**
 * One chart per metric name over [from, to): the rows are bucketed by date_trunc, split by the
 * group column (its MAX_METRIC_SERIES most frequent values per metric, the rest as OTHER_GROUPS)
 * and aggregated in one statement (see AGGREGATE_SQL); every bucket of the range is listed, empty
 * ones with null.
 */
export async function metricSeries(sequelize: Sequelize, query: MetricSeriesQuery): Promise<MetricSeriesResult> {
  const names = [...new Set(query.names.map((n) => n.trim()).filter(Boolean))];
  if (names.length === 0 || names.length > MAX_METRIC_NAMES) {
    throw new AppError('VALIDATION', `Choose from 1 to ${MAX_METRIC_NAMES} metric names.`);
  }
  const group = GROUP_SQL[query.groupBy];
  const aggregate = AGGREGATE_SQL[query.aggregate];
  if (!group) throw new AppError('VALIDATION', `Group by one of ${Object.keys(GROUP_SQL).join(', ')}.`);
  if (!aggregate) throw new AppError('VALIDATION', `Aggregate with one of ${Object.keys(AGGREGATE_SQL).join(', ')}.`);
  const from = timeFilter(query.from, 'The start of the time range');
  const to = timeFilter(query.to, 'The end of the time range');
  const span = spanMs(from, to);
  if (span <= 0) throw new AppError('VALIDATION', 'The time range ends before it starts: put the earlier time first.');
  if (span > MAX_SPAN_MS) throw new AppError('VALIDATION', 'The time range is longer than ten years: choose a shorter one.');
  const bucket = checkBucket(query.bucket, span);
  const readAt = new Date().toISOString();

  const sql = `WITH b AS (
      SELECT metric_name AS name, coalesce(${group}::text, $5) AS g, date_trunc($4, "timestamp") AS t,
             sum(metric_value) AS s, count(*) AS n, min(metric_value) AS lo, max(metric_value) AS hi
        FROM governance_metrics
       WHERE metric_name = ANY ($1::text[]) AND "timestamp" >= $2::timestamp AND "timestamp" < $3::timestamp
       GROUP BY 1, 2, 3
    ), ranked AS (
      SELECT name, g, row_number() OVER (PARTITION BY name ORDER BY sum(n) DESC, g) AS rank FROM b GROUP BY name, g
    )
    SELECT b.name, CASE WHEN r.rank <= $6 THEN b.g ELSE $7 END AS series,
           ${isoSql('b.t')} AS t, (${aggregate})::float8 AS value, sum(b.n)::int AS n
      FROM b JOIN ranked r USING (name, g)
     GROUP BY b.name, 2, b.t
     ORDER BY b.name, b.t, 2`;
  const bucketsSql = `SELECT ${isoSql('b')} AS t
      FROM generate_series(date_trunc($1, $2::timestamp), $3::timestamp - interval '1 microsecond', ('1 ' || $1)::interval) AS b`;

  return needsSchema('governance metrics table', async () => {
    const rows = await select<BucketRow>(sequelize, sql, [names, from, to, bucket, NO_GROUP, MAX_METRIC_SERIES, OTHER_GROUPS]);
    const starts = (await select<{ t: string }>(sequelize, bucketsSql, [bucket, from, to])).map((r) => r.t);
    return {
      bucket,
      aggregate: query.aggregate,
      groupBy: query.groupBy,
      from: query.from,
      to: query.to,
      charts: names.map((name) => chartOf(name, starts, rows)),
      readAt,
    };
  });
}

/** One metric's rows laid out on every bucket start; series ordered by their number of rows. */
function chartOf(name: string, starts: string[], rows: BucketRow[]): MetricChart {
  const mine = rows.filter((r) => r.name === name);
  const samples = new Map<string, number>();
  for (const r of mine) samples.set(r.series, (samples.get(r.series) ?? 0) + r.n);
  const series = [...samples]
    .map(([key, n]) => ({ key, samples: n }))
    .sort((a, b) => (a.key === OTHER_GROUPS ? 1 : b.key === OTHER_GROUPS ? -1 : b.samples - a.samples || a.key.localeCompare(b.key)));
  const byStart = new Map<string, Record<string, number | null>>();
  for (const t of starts) byStart.set(t, Object.fromEntries(series.map((s) => [s.key, null])));
  for (const r of mine) {
    const values = byStart.get(r.t);
    if (values) values[r.series] = r.value;
  }
  return {
    name,
    series,
    points: starts.map((t) => ({ t, values: byStart.get(t)! })),
    samples: series.reduce((sum, s) => sum + s.samples, 0),
  };
}
