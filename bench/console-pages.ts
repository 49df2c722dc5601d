/**
 * Latency of the daily console's reads (issue 10): the executions list (first page, a page half
 * way down and at the end, with and without an indexed filter), one metrics chart request, and each
 * dashboard card — p50 and p95 over `--repeat` calls (default 30), beside the round trip of
 * `SELECT 1` on the same pool measured in the same run (the floor: no read can be faster).
 *
 *   npx tsx bench/console-pages.ts --url postgres://…/db_with_demo_data [--repeat N]
 *
 * Needs a database with data (govcon init and govcon demo --rows 400000, say). Reads only. Prints
 * figures; asserts nothing.
 */
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { select } from '../src-main/platform/db/sql/query';
import { encodeCursor } from '../src-main/platform/db/sql/cursor';
import { listExecutions } from '../src-main/domains/workflows/list';
import { metricSeries } from '../src-main/domains/metrics/series';
import { dragModeCard, recentCard, successRateCard, userActivityCard } from '../src-main/domains/dashboard/views';
import { integrityStatus } from '../src-main/domains/dashboard/integrity-status';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const URL_ARG = arg('url') ?? process.env.DATABASE_URL;
const REPEAT = Number(arg('repeat') ?? 30);

async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm: plans cached, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)]!, p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]! };
}

/** A cursor positioned after the row at `fraction` of the (filtered) list, as the page would reach it. */
async function cursorAt(sequelize: Sequelize, fraction: number, workflow: string | null): Promise<string | null> {
  const [n] = await select<{ n: number }>(
    sequelize,
    'SELECT count(*)::int AS n FROM workflow_executions WHERE ($1::text IS NULL OR workflow_name = $1)',
    [workflow],
  );
  const offset = Math.max(0, Math.min(n!.n - 1, Math.floor(n!.n * fraction)));
  const [row] = await select<{ v: string; id: string }>(
    sequelize,
    `SELECT to_char(started_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS v, id FROM workflow_executions
      WHERE ($1::text IS NULL OR workflow_name = $1) ORDER BY started_at DESC, id DESC OFFSET $2 LIMIT 1`,
    [workflow, offset],
  );
  if (!row) return null;
  const key = `executions:${JSON.stringify({ workflow, status: null, trace: null, from: null, to: null })}`;
  return encodeCursor({ k: key, v: row.v, id: row.id });
}

async function main(): Promise<void> {
  if (!URL_ARG) throw new Error('--url (or DATABASE_URL) names a database with demo data');
  const sequelize = createSequelize({ url: URL_ARG, pool: { size: 2, maxOverflow: 0 } });
  try {
    const [{ n: executions }] = (await select<{ n: number }>(sequelize, 'SELECT count(*)::int AS n FROM workflow_executions', [])) as [
      { n: number },
    ];
    const [{ last }] = (await select<{ last: string }>(
      sequelize,
      `SELECT to_char(max("timestamp"), 'YYYY-MM-DD"T"HH24:MI"Z"') AS last FROM governance_metrics`,
      [],
    )) as [{ last: string }];
    const floor = await timed(() => select(sequelize, 'SELECT 1', []));
    const rows: Array<[string, { p50: number; p95: number }]> = [];
    const workflow = 'deploy-to-staging';
    for (const [label, filter] of [
      ['all', null],
      [`workflow=${workflow}`, workflow],
    ] as const) {
      rows.push([`executions/list ${label}, first page`, await timed(() => listExecutions(sequelize, { workflow: filter, limit: 50 }))]);
      for (const fraction of [0.5, 1]) {
        const cursor = await cursorAt(sequelize, fraction, filter);
        rows.push([
          `executions/list ${label}, page at ${fraction * 100}%`,
          await timed(() => listExecutions(sequelize, { workflow: filter, limit: 50, cursor })),
        ]);
      }
    }
    rows.push(['executions/list status=failed, first page', await timed(() => listExecutions(sequelize, { status: 'failed', limit: 50 }))]);
    const to = last;
    const from = `${new Date(Date.parse(last) - 90 * 86_400_000).toISOString().slice(0, 16)}Z`;
    for (const groupBy of ['none', 'workflow_name'] as const) {
      rows.push([
        `metrics/series 3 names, 90 days by day, group ${groupBy}`,
        await timed(() =>
          metricSeries(sequelize, {
            names: ['workflow_duration_seconds', 'workflow_requests_total', 'policy_rejections_total'],
            from,
            to,
            groupBy,
            aggregate: 'avg',
          }),
        ),
      ]);
    }
    rows.push(['dashboard/success-rate', await timed(() => successRateCard(sequelize))]);
    rows.push(['dashboard/drag-modes', await timed(() => dragModeCard(sequelize))]);
    rows.push(['dashboard/user-activity', await timed(() => userActivityCard(sequelize))]);
    rows.push(['dashboard/recent', await timed(() => recentCard(sequelize))]);
    rows.push(['dashboard/integrity', await timed(() => integrityStatus(sequelize))]);

    process.stdout.write(`${executions.toLocaleString('en')} executions; ${REPEAT} calls each after one warm-up\n`);
    process.stdout.write(`floor: SELECT 1 round trip p50 ${floor.p50.toFixed(2)} ms, p95 ${floor.p95.toFixed(2)} ms\n`);
    const width = Math.max(...rows.map(([l]) => l.length));
    for (const [label, t] of rows) {
      process.stdout.write(
        `${label.padEnd(width)}  p50 ${t.p50.toFixed(1).padStart(7)} ms  p95 ${t.p95.toFixed(1).padStart(7)} ms  (${(t.p95 / floor.p95).toFixed(0)}× the floor's p95)\n`,
      );
    }
  } finally {
    await sequelize.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
