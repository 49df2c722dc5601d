import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { metricNames, metricSeries, NO_GROUP, OTHER_GROUPS } from '../../../src-main/domains/metrics/series';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

/** Metrics bucketed and aggregated by PostgreSQL: exact values per bucket and series, gaps as null. */
let db: TestDatabase;
let sequelize: Sequelize;

beforeAll(async () => {
  db = await createInitialisedDatabase('metrics');
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  await sql(
    db.url,
    `INSERT INTO governance_metrics (metric_name, metric_value, drag_mode, workflow_name, outcome, "timestamp") VALUES
       ('latency', 10, 'draft', 'deploy', 'success', '2030-01-01 00:10'),
       ('latency', 20, 'draft', 'deploy', 'failure', '2030-01-01 00:20'),
       ('latency', 5, 'execute', 'triage', 'success', '2030-01-01 01:05'),
       ('latency', 7, NULL, 'triage', NULL, '2030-01-01 02:30'),
       ('latency', 99, 'draft', 'deploy', 'success', '2030-01-01 03:00'),
       ('requests', 3, 'draft', 'deploy', 'success', '2030-01-01 00:59:59.999999'),
       ('requests', 4, 'draft', 'deploy', 'success', '2030-01-01 02:00')`,
  );
  // Twelve workflows for one metric: eight series and the rest together.
  await sql(
    db.url,
    `INSERT INTO governance_metrics (metric_name, metric_value, workflow_name, "timestamp")
     SELECT 'many', 1, 'wf' || lpad(w::text, 2, '0'), timestamp '2030-01-01 00:00' + r * interval '1 minute'
       FROM generate_series(1, 12) w, generate_series(1, 13 - w) r`,
  );
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
});

const RANGE = { from: '2030-01-01T00:00Z', to: '2030-01-01T03:00Z' };

describe('metrics/series', () => {
  it('averages per hour and DRAG mode, every bucket listed, NULL as (none), the end excluded', async () => {
    const res = await metricSeries(sequelize, { names: ['latency'], ...RANGE, groupBy: 'drag_mode', aggregate: 'avg', bucket: 'hour' });
    expect(res.bucket).toBe('hour');
    const [chart] = res.charts;
    expect(chart!.samples).toBe(4);
    expect(chart!.series.map((s) => s.key)).toEqual(['draft', NO_GROUP, 'execute']);
    expect(chart!.points).toEqual([
      { t: '2030-01-01T00:00:00.000000Z', values: { draft: 15, [NO_GROUP]: null, execute: null } },
      { t: '2030-01-01T01:00:00.000000Z', values: { draft: null, [NO_GROUP]: null, execute: 5 } },
      { t: '2030-01-01T02:00:00.000000Z', values: { draft: null, [NO_GROUP]: 7, execute: null } },
    ]);
  });

  it('sums, counts, takes min and max; one series per metric without a group', async () => {
    const query = { names: ['latency', 'requests'], ...RANGE, groupBy: 'none' as const, bucket: 'hour' as const };
    const sum = await metricSeries(sequelize, { ...query, aggregate: 'sum' });
    expect(sum.charts.map((c) => c.points.map((p) => p.values[c.name]))).toEqual([
      [30, 5, 7],
      [3, null, 4],
    ]);
    const count = await metricSeries(sequelize, { ...query, aggregate: 'count' });
    expect(count.charts[0]!.points.map((p) => p.values.latency)).toEqual([2, 1, 1]);
    const max = await metricSeries(sequelize, { ...query, aggregate: 'max' });
    expect(max.charts[0]!.points[0]!.values.latency).toBe(20);
    const min = await metricSeries(sequelize, { ...query, aggregate: 'min' });
    expect(min.charts[0]!.points[0]!.values.latency).toBe(10);
  });

  it('draws the eight most frequent groups and sums the rest up as (other)', async () => {
    const res = await metricSeries(sequelize, { names: ['many'], ...RANGE, groupBy: 'workflow_name', aggregate: 'count', bucket: 'day' });
    const [chart] = res.charts;
    expect(chart!.series.map((s) => s.key)).toEqual(['wf01', 'wf02', 'wf03', 'wf04', 'wf05', 'wf06', 'wf07', 'wf08', OTHER_GROUPS]);
    expect(chart!.series.at(-1)!.samples).toBe(4 + 3 + 2 + 1);
    expect(chart!.points).toEqual([
      { t: '2030-01-01T00:00:00.000000Z', values: expect.objectContaining({ wf01: 12, [OTHER_GROUPS]: 10 }) },
    ]);
  });

  it('chooses the bucket from the range when none is asked for, and refuses one that gives too many points', async () => {
    const base = { names: ['latency'], groupBy: 'none' as const, aggregate: 'avg' as const };
    expect((await metricSeries(sequelize, { ...base, ...RANGE })).bucket).toBe('minute');
    expect((await metricSeries(sequelize, { ...base, from: '2030-01-01T00:00Z', to: '2030-03-31T00:00Z' })).bucket).toBe('day');
    const year = await metricSeries(sequelize, { ...base, from: '2030-01-01T00:00Z', to: '2031-01-01T00:00Z' });
    expect(year.bucket).toBe('week');
    // ISO weeks start on Monday: the first bucket begins before the range, and holds only its rows.
    expect(year.charts[0]!.points[0]).toEqual({ t: '2029-12-31T00:00:00.000000Z', values: { latency: 28.2 } });
    await expect(
      metricSeries(sequelize, { ...base, from: '2030-01-01T00:00Z', to: '2030-02-01T00:00Z', bucket: 'minute' }),
    ).rejects.toThrow(/choose a wider bucket/);
    await expect(metricSeries(sequelize, { ...base, from: '2030-01-02T00:00Z', to: '2030-01-01T00:00Z' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('lists the metric names and the time they span', async () => {
    expect(await metricNames(sequelize)).toEqual({
      names: ['latency', 'many', 'requests'],
      first: '2030-01-01T00:01:00.000000Z',
      last: '2030-01-01T03:00:00.000000Z',
    });
  });
});
