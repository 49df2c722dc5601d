/**
 * `npm run bench`: each figure beside its ceiling, measured in the same run (medians of
 * `--repeat` interleaved runs, default 3; ratio = ceiling wall time ÷ tool wall time), with
 * the tool's peak RSS (docs/scale.md discusses them).
 *
 * 1. Creates a scratch database on the local server (or TEST_DATABASE_URL's / BENCH_ADMIN_URL's
 *    server), initialises it, and loads N audit rows (default 1,000,000) with the demo
 *    generator (COPY, valid db-v1 hashes).
 * 2. verify-db: the ceiling is `psql` running COPY to stdout (into /dev/null) of exactly the
 *    columns the verifier reads, in the same order, with the session settings it uses (no JIT);
 *    then `govcon verify-db --json` and `govcon verify-db --workers 2 --json` as child processes
 *    (the built CLI when out/main/govcon.js exists, else the TypeScript source through tsx).
 * 3. import-jsonl: bench/import-bench.ts (its own ceiling: psql COPY of what the import wrote).
 * 4. Drops the scratch database, also on failure or Ctrl-C.
 * 0. First of all, bench/startup.ts: `govcon --version`, `--help` and `verify-file` start-up
 *    beside `node -e 0`, the ceiling, measured in the same run (target < 120 ms each).
 *
 * Prints figures only; asserts nothing (but says when the verifier's result is not all ok).
 *
 *   npx tsx bench/run.ts [--rows N] [--repeat N] [--source] [--no-import] [--no-audit] [--no-evidence] [--no-backup] [--lines N] [--no-startup] [--startup-only]
 *
 * Then bench/seal-bench.ts (seal and verify-db --seals beside psql COPY) unless --no-seal;
 * bench/audit-bench.ts (the audit log browser: page latency at depth, export rate beside psql
 * COPY) on a scratch database of its own, unless --no-audit; bench/evidence-bench.ts
 * (verify-bundle of an N-row evidence bundle beside sha256sum of it, no database), unless --no-evidence;
 * and bench/backup-bench.ts (backup, backup verify and restore beside pg_dump -Fc / pg_restore, peak
 * RSS at N/10 and N rows), unless --no-backup.
 *
 * --source runs the CLI from the TypeScript source even when a build exists (a build older
 * than the sources measures old code: the bench says so). --lines goes to the import bench.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { generateDemoData } from '../src-main/domains/demo/demo-data';
import { auditCopySql } from '../src-main/domains/verification/verify-rows';
import {
  adminUrl,
  fmt,
  govconCommand,
  intArg,
  loadavg,
  mb,
  median,
  psql,
  query,
  ratioLine,
  ROOT,
  runChild,
  ScratchDatabases,
  type ChildRun,
} from './lib';
import { startupBench } from './startup';

const ROWS = intArg('rows', 1_000_000);
const REPEAT = intArg('repeat', 3);
const RUN_IMPORT = !process.argv.includes('--no-import');

/** The sources the verify-db figures measure (a build older than them measures old code). */
const VERIFY_SOURCES = [
  'src-main/domains/verification/verify-db.ts',
  'src-main/domains/verification/verify-rows.ts',
  'src-main/domains/verification/verify-db-parallel.ts',
  'src-main/platform/db/copy-out.ts',
  'src-main/integrity/copy-text.ts',
  'src-main/integrity/db-v1-copy.ts',
  'src-main/integrity/python-json-dumps.ts',
  'src-main/integrity/py-datetime.ts',
];

/** The whole table, for information: what the first issue measured against. */
const WHOLE_TABLE_SQL = 'COPY (SELECT * FROM audit_logs ORDER BY created_at, id) TO STDOUT';
/** The verifier's own read: exactly its columns, in its order. */
const CEILING_SQL = auditCopySql();
/** The session settings the verifier reads with (verify-rows.ts), for the ceiling's session too. */
const CEILING_OPTIONS = '-c jit=off';

interface VerifySummary {
  text: string;
  ok: boolean;
}

function summarise(v: ChildRun): VerifySummary {
  try {
    const r = JSON.parse(v.stdout) as { total: number; ok: number; tampered: number; unverifiable: number };
    const ok = r.total === ROWS && r.ok === ROWS;
    return {
      ok,
      text:
        `${fmt(r.ok)}/${fmt(r.total)} ok` +
        (ok ? '' : ` — NOT all ${fmt(ROWS)} ok (tampered ${r.tampered}, unverifiable ${r.unverifiable})`),
    };
  } catch {
    return { ok: false, text: `exit ${v.code}, no JSON result: ${(v.stdout + v.stderr).trim().slice(0, 400)}` };
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-startup')) {
    startupBench(Math.max(REPEAT * 10, 20));
    console.log('');
    if (process.argv.includes('--startup-only')) return;
  }
  const admin = adminUrl();
  const database = `govcon_bench_${crypto.randomBytes(4).toString('hex')}`;
  const scratch = new ScratchDatabases(admin);
  const undoSignal = scratch.dropOnSignal();
  try {
    const server = await query(admin, 'SHOW server_version');
    console.log(`server      PostgreSQL ${String(server.rows[0].server_version)}, scratch database ${database}`);
    console.log(`machine     ${os.cpus().length} CPUs, node ${process.version}, ${loadavg()}`);
    const url = await scratch.create(database);

    const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'bench', email: null } });
    } finally {
      await sequelize.close();
    }

    let t = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const demo = await generateDemoData(
        client,
        { rows: ROWS, seed: 1 },
        { signal: new AbortController().signal, progress: () => undefined },
      );
      console.log(
        `generate    ${fmt(demo.auditLogs)} audit rows (+ ${fmt(demo.users)} users, ${fmt(demo.workflowExecutions)} executions, ` +
          `${fmt(demo.governanceMetrics)} metrics) with COPY in ${fmt(performance.now() - t)} ms`,
      );
      t = performance.now();
      // Hint bits and statistics set once, so no measured run pays for them.
      await client.query('VACUUM (ANALYZE) audit_logs');
      const size = await client.query<{ size: string }>("SELECT pg_size_pretty(pg_total_relation_size('audit_logs')) AS size");
      console.log(`vacuum      audit_logs ${size.rows[0]!.size}, vacuum analyze in ${fmt(performance.now() - t)} ms`);
    } finally {
      await client.end();
    }

    const govcon = govconCommand(VERIFY_SOURCES);
    if (govcon.note) console.log(`note        ${govcon.note}`);
    const cli = (...args: string[]) => runChild(govcon.argv[0]!, [...govcon.argv.slice(1), ...args], { captureStdout: true });

    // Warm-up: the table into the page cache, the CLI's modules into the file cache.
    const warm = await psql(url, [WHOLE_TABLE_SQL]);
    if (warm.code !== 0) throw new Error(`psql failed: ${warm.stderr}`);
    console.log(`(info)      psql COPY of the whole table (all columns) > /dev/null: ${fmt(warm.wallMs)} ms (warm-up)`);
    const version = await cli('--version');
    console.log(
      `govcon      ${govcon.label}: version ${version.stdout.trim()}, ` +
        `start-up ${fmt(version.wallMs)} ms, ${mb(version.peakRss)} RSS at start-up`,
    );

    const ceiling: number[] = [];
    const ceilingRuns: ChildRun[] = [];
    const single: ChildRun[] = [];
    const two: ChildRun[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const c = await psql(url, [CEILING_SQL], CEILING_OPTIONS);
      if (c.code !== 0) throw new Error(`psql failed: ${c.stderr}`);
      const v1 = await cli('verify-db', '--url', url, '--json');
      const v2 = await cli('verify-db', '--url', url, '--workers', '2', '--json');
      console.log(
        `run ${i + 1}       ceiling ${fmt(c.wallMs)} ms; verify-db ${fmt(v1.wallMs)} ms (${summarise(v1).text}), ${mb(v1.peakRss)}; ` +
          `--workers 2 ${fmt(v2.wallMs)} ms (${summarise(v2).text}), ${mb(v2.peakRss)}`,
      );
      ceiling.push(c.wallMs);
      ceilingRuns.push(c);
      single.push(v1);
      two.push(v2);
    }

    console.log(`machine     ${loadavg()} after the runs`);
    const rate = (ms: number) => (ROWS / ms) * 1000;
    const perRow = (runs: ChildRun[]) => {
      const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== null);
      return cpu.length ? `, CPU ${((median(cpu) * 1000) / ROWS).toFixed(2)} µs/row (process start included)` : '';
    };
    console.log('');
    console.log(`verify-db over ${fmt(ROWS)} rows, ratio = ceiling wall time / tool wall time (target ≥ 0.9, peak RSS ≤ 150 MB):`);
    console.log(
      `ceiling     psql -c "${CEILING_SQL}" > /dev/null (PGOPTIONS=${CEILING_OPTIONS}): ` +
        `${fmt(median(ceiling))} ms, ${fmt(rate(median(ceiling)))} rows/s`,
    );
    const w1 = single.map((r) => r.wallMs);
    const w2 = two.map((r) => r.wallMs);
    console.log(
      ratioLine(
        'verify-db',
        w1,
        ceiling,
        single.map((r) => r.peakRss),
      ) + perRow(single),
    );
    console.log(
      ratioLine(
        '--workers 2',
        w2,
        ceiling,
        two.map((r) => r.peakRss),
      ) + perRow(two),
    );
    console.log(
      `  (info)    of which start-up (govcon --version) ${fmt(version.wallMs)} ms; ` +
        `${fmt(rate(median(w1)))} rows/s at 1 worker, ${fmt(rate(median(w2)))} at 2`,
    );
    console.log(machineCpuBound(ceilingRuns, single));
  } finally {
    await scratch.dropAll();
    undoSignal();
  }

  await runAuditBench();
  await runSealBench();
  await runEvidenceBench();
  await runBackupBench();

  if (RUN_IMPORT) {
    const importBench = path.join(ROOT, 'bench/import-bench.ts');
    if (!fs.existsSync(importBench)) {
      console.log('\nimport      bench/import-bench.ts not present: skipped');
      return;
    }
    const passOn = ['--lines', '--repeat', '--batch'].flatMap((flag) => {
      const i = process.argv.indexOf(flag);
      return i === -1 ? [] : [flag, process.argv[i + 1]!];
    });
    if (process.argv.includes('--source')) passOn.push('--source');
    console.log(`\nimport      npx tsx bench/import-bench.ts ${passOn.join(' ')}`);
    const r = await runChild(process.execPath, ['--import', 'tsx', importBench, ...passOn], {
      captureStdout: true,
      env: { BENCH_ADMIN_URL: adminUrl() },
    });
    for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
    if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
  }
}

/**
 * What the machine's cores allow (docs/scale.md, "What bounds the ratio on two cores"): the
 * busy time of every CPU during the runs, PostgreSQL included, and the ratio verify-db could
 * reach at best if all of its machine CPU overlapped perfectly on the cores there are.
 */
function machineCpuBound(ceiling: readonly ChildRun[], tool: readonly ChildRun[]): string {
  const busy = (runs: readonly ChildRun[]) => runs.map((r) => r.machineCpuMs).filter((x): x is number => x !== null);
  const c = busy(ceiling);
  const t = busy(tool);
  if (c.length === 0 || t.length === 0) return '  (info)    machine CPU: not measured (no /proc/stat)';
  const cores = os.availableParallelism();
  const wall = (runs: readonly ChildRun[]) => median(runs.map((r) => r.wallMs));
  const best = median(t) / cores;
  return (
    `  (info)    machine CPU (all ${cores} cores, PostgreSQL included): ceiling ${(median(c) / 1000).toFixed(1)} s in ` +
    `${(wall(ceiling) / 1000).toFixed(1)} s, verify-db ${(median(t) / 1000).toFixed(1)} s in ${(wall(tool) / 1000).toFixed(1)} s: ` +
    `even perfectly overlapped verify-db needs ${(best / 1000).toFixed(1)} s here, a ratio of at most ${(wall(ceiling) / best).toFixed(2)}`
  );
}

/** bench/seal-bench.ts (issue 13): seal and verify-db --seals beside psql COPY, on a database of its own. */
async function runSealBench(): Promise<void> {
  if (process.argv.includes('--no-seal')) return;
  const passOn = ['--rows', String(ROWS), '--repeat', String(REPEAT), ...(process.argv.includes('--source') ? ['--source'] : [])];
  console.log(`\nseal        npx tsx bench/seal-bench.ts ${passOn.join(' ')}`);
  const r = await runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/seal-bench.ts'), ...passOn], {
    captureStdout: true,
    env: { BENCH_ADMIN_URL: adminUrl() },
  });
  for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
  if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
}

/** bench/audit-bench.ts (issue 10): the audit log browser's page latency and export rate, on a database of its own. */
async function runAuditBench(): Promise<void> {
  if (process.argv.includes('--no-audit')) return;
  console.log(`\naudit       npx tsx bench/audit-bench.ts --rows ${ROWS}`);
  const r = await runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/audit-bench.ts'), '--rows', String(ROWS)], {
    captureStdout: true,
    env: { BENCH_ADMIN_URL: adminUrl() },
  });
  for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
  if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
}

/** bench/evidence-bench.ts (issue 13): verify-bundle of an N-row bundle beside sha256sum of the same file; no database. */
async function runEvidenceBench(): Promise<void> {
  if (process.argv.includes('--no-evidence')) return;
  const passOn = ['--rows', String(ROWS), '--repeat', String(REPEAT), ...(process.argv.includes('--source') ? ['--source'] : [])];
  console.log(`\nevidence    npx tsx bench/evidence-bench.ts ${passOn.join(' ')}`);
  const r = await runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/evidence-bench.ts'), ...passOn], {
    captureStdout: true,
  });
  for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
  if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
}

/** bench/backup-bench.ts (issue 12): backup and restore beside pg_dump/pg_restore, on databases of its own. */
async function runBackupBench(): Promise<void> {
  if (process.argv.includes('--no-backup')) return;
  const passOn = process.argv.includes('--source') ? ['--source'] : [];
  console.log(`\nbackup      npx tsx bench/backup-bench.ts --rows ${ROWS} ${passOn.join(' ')}`);
  const r = await runChild(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/backup-bench.ts'), '--rows', String(ROWS), ...passOn],
    {
      captureStdout: true,
      env: { BENCH_ADMIN_URL: adminUrl() },
    },
  );
  for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
  if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
