/** Governance metrics: the names there are, and time series aggregated by PostgreSQL. */
import { z } from 'zod';
import type { MetricNames, MetricSeriesResult } from '../model/metrics';
import { MAX_METRIC_NAMES, METRIC_AGGREGATES, METRIC_BUCKETS, METRIC_GROUPS } from '../model/metrics';
import { none, returns, text } from './common';
import { isoUtc } from './time';

export const metricChannels = {
  'metrics/names': { input: none, output: returns<MetricNames>() },
  'metrics/series': {
    input: z
      .object({
        names: z.array(text().min(1).max(100)).min(1).max(MAX_METRIC_NAMES),
        from: isoUtc,
        to: isoUtc,
        groupBy: z.enum(METRIC_GROUPS),
        aggregate: z.enum(METRIC_AGGREGATES),
        bucket: z.enum(METRIC_BUCKETS).optional(),
      })
      .strict(),
    output: returns<MetricSeriesResult>(),
  },
} as const;
