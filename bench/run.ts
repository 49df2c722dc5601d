/**
 * `npm run bench` (issue 4, "Speed"): database verification against the COPY ceiling.
 *
 * 1. Creates a scratch database on the local server (or TEST_DATABASE_URL's / BENCH_ADMIN_URL's
 *    server), initialises it, and loads N audit rows (default 1,000,000) with the demo
 *    generator (COPY, valid db-v1 hashes).
 * 2. Measures, in the same run, interleaved `--repeat` times (default 3; the median is
 *    reported):
 *    - the ceiling: `psql` running `COPY (SELECT * FROM audit_logs ORDER BY created_at, id)
 *      TO STDOUT` into /dev/null (and, for information, the COPY of only the verifier's ten
 *      columns);
 *    - `govcon verify-db --json` as a child process (the built CLI when out/main/govcon.js
 *      exists, else the TypeScript source through tsx): wall time, and peak RSS of the child
 *      (`/usr/bin/time -f %M`, else VmHWM polled from /proc).
 * 3. Runs bench/import-bench.ts when it exists and reports its lines/s.
 * 4. Drops the scratch database, also on failure or Ctrl-C.
 * 0. First of all, bench/startup.ts: `govcon --version`, `--help` and `verify-file` start-up
 *    beside `node -e 0`, the ceiling, measured in the same run (target < 120 ms each).
 *
 * Prints figures only; asserts nothing (but says when the verifier's result is not all ok).
 *
 *   npx tsx bench/run.ts [--rows N] [--repeat N] [--source] [--no-import] [--no-startup] [--startup-only]
 *
 * --source runs the verifier from the TypeScript source even when a build exists (a build
 * older than the sources measures old code: the bench says so).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../src-main/platform/db/sql/identifier';
import { generateDemoData } from '../src-main/domains/demo/demo-data';
import { startupBench } from './startup';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number ≥ 1`);
  return n;
}

const ROWS = intArg('rows', 1_000_000);
const REPEAT = intArg('repeat', 3);
const FROM_SOURCE = process.argv.includes('--source');
const RUN_IMPORT = !process.argv.includes('--no-import');

/** The server: BENCH_ADMIN_URL, else TEST_DATABASE_URL's server, else the local one. */
function adminUrl(): string {
  if (process.env.BENCH_ADMIN_URL) return process.env.BENCH_ADMIN_URL;
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  return `postgres://${encodeURIComponent(process.env.PGUSER ?? 'postgres')}@127.0.0.1:5432/postgres`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Other work on the machine skews every figure: say how busy it was. */
const loadavg = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

interface ChildRun {
  code: number | null;
  wallMs: number;
  /** Peak resident set size in bytes, or null when it could not be measured. */
  peakRss: number | null;
  stdout: string;
  stderr: string;
}

const HAS_TIME = fs.existsSync('/usr/bin/time');

/**
 * Runs a command, its stdout to /dev/null or captured, and measures its wall time and peak
 * RSS: through /usr/bin/time's %M (kilobytes) written to a file of its own, else by polling
 * VmHWM (the kernel's own high-water mark) of the child in /proc.
 */
function runChild(cmd: string, args: string[], options: { captureStdout: boolean; env?: NodeJS.ProcessEnv }): Promise<ChildRun> {
  const rssFile = path.join(fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'govcon-bench-')), 'rss');
  const [file, argv] = HAS_TIME ? ['/usr/bin/time', ['-o', rssFile, '-f', '%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const devNull = options.captureStdout ? 'pipe' : fs.openSync('/dev/null', 'w');
    const start = performance.now();
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', devNull, 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    let polled = 0;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = HAS_TIME
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polled = Math.max(polled, Number(m[1]) * 1024);
          } catch {
            // The child has just exited.
          }
        }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (poll) clearInterval(poll);
      if (typeof devNull === 'number') fs.closeSync(devNull);
      let peakRss: number | null = polled || null;
      if (HAS_TIME) {
        const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        peakRss = Number.isFinite(kb) && kb > 0 ? kb * 1024 : null;
      }
      fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
      resolve({ code, wallMs, peakRss, stdout, stderr });
    });
  });
}

/** The verifier's command line: the build when present (and not --source), else tsx. */
function govconCommand(): { argv: string[]; label: string; note: string | null } {
  const built = path.join(ROOT, 'out/main/govcon.js');
  if (!FROM_SOURCE && fs.existsSync(built)) {
    const builtAt = fs.statSync(built).mtimeMs;
    const sources = [
      'src-main/domains/verification/verify-db.ts',
      'src-main/integrity/copy-text.ts',
      'src-main/integrity/db-v1.ts',
      'src-main/integrity/python-json-dumps.ts',
      'src-main/integrity/sha256.ts',
    ];
    const newer = sources.filter((s) => fs.statSync(path.join(ROOT, s)).mtimeMs > builtAt);
    return {
      argv: [process.execPath, path.join(ROOT, 'bin/govcon.mjs')],
      label: 'node bin/govcon.mjs (built)',
      note: newer.length ? `the build is older than ${newer.join(', ')}: run "npm run build" or pass --source` : null,
    };
  }
  return {
    argv: [process.execPath, '--import', 'tsx', path.join(ROOT, 'src-main/cli/govcon.ts')],
    label: 'node --import tsx src-main/cli/govcon.ts (source)',
    note: null,
  };
}

const CEILING_SQL = 'COPY (SELECT * FROM audit_logs ORDER BY created_at, id) TO STDOUT';
const CEILING10_SQL =
  'COPY (SELECT id, trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at, integrity_hash FROM audit_logs ORDER BY created_at, id) TO STDOUT';

async function main(): Promise<void> {
  if (!process.argv.includes('--no-startup')) {
    startupBench(Math.max(REPEAT * 10, 20));
    console.log('');
    if (process.argv.includes('--startup-only')) return;
  }
  const admin = adminUrl();
  const database = `govcon_bench_${crypto.randomBytes(4).toString('hex')}`;
  const url = withDatabase(admin, database);
  let created = false;
  const drop = async () => {
    if (!created) return;
    created = false;
    await query(admin, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`).catch((e: unknown) =>
      console.error(`could not drop ${database}: ${String(e)}`),
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: dropping ${database}`);
    void drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const server = await query(admin, 'SHOW server_version');
    console.log(`server      PostgreSQL ${String(server.rows[0].server_version)}, scratch database ${database}`);
    console.log(`machine     ${os.cpus().length} CPUs, node ${process.version}, ${loadavg()}`);
    await query(admin, `CREATE DATABASE ${quoteIdentifier(database)}`);
    created = true;

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
        `generate    ${fmt(demo.auditLogs)} audit rows (+ ${fmt(demo.users)} users, ${fmt(demo.workflowExecutions)} executions, ${fmt(demo.governanceMetrics)} metrics) with COPY in ${fmt(performance.now() - t)} ms`,
      );
      t = performance.now();
      // Hint bits and statistics set once, so no measured run pays for them.
      await client.query('VACUUM (ANALYZE) audit_logs');
      const size = await client.query<{ size: string }>("SELECT pg_size_pretty(pg_total_relation_size('audit_logs')) AS size");
      console.log(`vacuum      audit_logs ${size.rows[0]!.size}, vacuum analyze in ${fmt(performance.now() - t)} ms`);
    } finally {
      await client.end();
    }

    const govcon = govconCommand();
    if (govcon.note) console.log(`note        ${govcon.note}`);
    const psql = (sql: string) => runChild('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { captureStdout: false });

    // Warm-up: the table into the page cache, the CLI's modules into the file cache.
    const warm = await psql(CEILING_SQL);
    if (warm.code !== 0) throw new Error(`psql failed: ${warm.stderr}`);
    const version = await runChild(govcon.argv[0]!, [...govcon.argv.slice(1), '--version'], { captureStdout: true });
    console.log(
      `govcon      ${govcon.label}: version ${version.stdout.trim()}, start-up ${fmt(version.wallMs)} ms, ${version.peakRss ? mb(version.peakRss) : '?'} RSS at start-up`,
    );

    const ceiling: number[] = [];
    const ceiling10: number[] = [];
    const verify: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const all = await psql(CEILING_SQL);
      const ten = await psql(CEILING10_SQL);
      if (all.code !== 0 || ten.code !== 0) throw new Error(`psql failed: ${all.stderr}${ten.stderr}`);
      const v = await runChild(govcon.argv[0]!, [...govcon.argv.slice(1), 'verify-db', '--url', url, '--json'], { captureStdout: true });
      let summary = '';
      try {
        const r = JSON.parse(v.stdout) as { total: number; ok: number; tampered: number; unverifiable: number };
        summary = `${fmt(r.ok)}/${fmt(r.total)} ok`;
        if (r.total !== ROWS || r.ok !== ROWS)
          summary += ` — NOT all ${fmt(ROWS)} ok (tampered ${r.tampered}, unverifiable ${r.unverifiable})`;
      } catch {
        summary = `exit ${v.code}, no JSON result: ${(v.stdout + v.stderr).trim().slice(0, 400)}`;
      }
      console.log(
        `run ${i + 1}       ceiling ${fmt(all.wallMs)} ms, 10-column COPY ${fmt(ten.wallMs)} ms, verify-db ${fmt(v.wallMs)} ms ` +
          `(${summary}, exit ${v.code}), peak RSS ${v.peakRss ? mb(v.peakRss) : '?'}`,
      );
      ceiling.push(all.wallMs);
      ceiling10.push(ten.wallMs);
      verify.push(v.wallMs);
      if (v.peakRss) rss.push(v.peakRss);
    }

    console.log(`machine     ${loadavg()} after the runs`);
    const rate = (ms: number) => (ROWS / ms) * 1000;
    const c = median(ceiling);
    const c10 = median(ceiling10);
    const v = median(verify);
    const ratio = c / v;
    console.log('');
    console.log(`median of ${REPEAT} runs, ${fmt(ROWS)} rows:`);
    console.log(`ceiling     psql ${CEILING_SQL} > /dev/null: ${fmt(c)} ms, ${fmt(rate(c))} rows/s`);
    console.log(`  (info)    psql COPY of the verifier's 10 columns > /dev/null: ${fmt(c10)} ms, ${fmt(rate(c10))} rows/s`);
    console.log(`verify-db   ${govcon.label}: ${fmt(v)} ms wall (process start included), ${fmt(rate(v))} rows/s`);
    console.log(`  (info)    of which start-up (govcon --version) ${fmt(version.wallMs)} ms`);
    console.log(`ratio       verify-db / ceiling = ${(ratio * 100).toFixed(1)}% (target ≥ 80%)`);
    console.log(`            verify-db / 10-column COPY = ${((c10 / v) * 100).toFixed(1)}%`);
    console.log(`peak RSS    verify-db ${rss.length ? mb(Math.max(...rss)) : 'not measured'} (max of ${rss.length} runs; target ≤ 150 MB)`);
  } finally {
    await drop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  if (RUN_IMPORT) {
    const importBench = path.join(ROOT, 'bench/import-bench.ts');
    if (!fs.existsSync(importBench)) {
      console.log('\nimport      bench/import-bench.ts not present: skipped');
      return;
    }
    console.log('\nimport      npx tsx bench/import-bench.ts');
    const r = await runChild(process.execPath, ['--import', 'tsx', importBench], {
      captureStdout: true,
      env: { BENCH_ADMIN_URL: adminUrl() },
    });
    for (const line of r.stdout.trimEnd().split('\n')) console.log(`  | ${line}`);
    if (r.code !== 0) console.log(`  | (exit ${r.code}) ${r.stderr.trim().split('\n').slice(-5).join('\n  | ')}`);
    const m = /^import\s+([\d,]+) lines in (\d+) ms: ([\d,]+) lines\/s/m.exec(r.stdout);
    console.log(
      `import      ${m ? `${m[3]} lines/s (${m[1]} lines in ${m[2]} ms; target ≥ 30,000)` : 'no lines/s figure found in its output'}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
