/** The width of a chart's buckets: chosen from the time range, or checked when a person picks one. */
import { AppError } from '../../shared/errors';
import { MAX_METRIC_BUCKETS, METRIC_BUCKETS, type MetricBucket } from '../../shared/model/metrics';

const MINUTE = 60_000;
/** Each bucket's shortest length (a month of 28 days), so that a count from it is never too low. */
const SHORTEST: Record<MetricBucket, number> = {
  minute: MINUTE,
  hour: 60 * MINUTE,
  day: 1440 * MINUTE,
  week: 7 * 1440 * MINUTE,
  month: 28 * 1440 * MINUTE,
};

/** About this many buckets at most when the bucket is chosen for the person: a readable chart. */
const AUTO_MAX = 200;

/** Milliseconds between two `YYYY-MM-DD HH:MM:SS.ffffff` UTC timestamps. */
export function spanMs(from: string, to: string): number {
  const ms = (ts: string) => Date.parse(`${ts.slice(0, 23).replace(' ', 'T')}Z`);
  return ms(to) - ms(from);
}

/** The narrowest bucket giving at most AUTO_MAX buckets over the range (a month for anything longer). */
export function autoBucket(span: number): MetricBucket {
  return METRIC_BUCKETS.find((b) => Math.ceil(span / SHORTEST[b]) <= AUTO_MAX) ?? 'month';
}

/** The bucket to use: the one asked for when the range holds at most MAX_METRIC_BUCKETS of them. */
export function checkBucket(bucket: MetricBucket | undefined, span: number): MetricBucket {
  if (bucket === undefined) return autoBucket(span);
  const count = Math.ceil(span / SHORTEST[bucket]);
  if (count > MAX_METRIC_BUCKETS) {
    throw new AppError(
      'VALIDATION',
      `A ${bucket} bucket gives about ${count.toLocaleString('en')} points over this range, more than ${MAX_METRIC_BUCKETS}: ` +
        `choose a wider bucket or a shorter range.`,
    );
  }
  return bucket;
}
