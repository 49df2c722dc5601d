/**
 * What the benchmarks share: the server and scratch databases, child processes measured for
 * wall time, CPU and peak RSS, the govcon command line to measure, and how figures print.
 * Every figure is printed beside a ceiling measured in the same run, as a ratio (ceiling wall
 * time ÷ tool wall time), the median of interleaved runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { quoteIdentifier } from '../src-main/platform/db/sql/identifier';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number ≥ 1`);
  return n;
}

/** The server: BENCH_ADMIN_URL, else TEST_DATABASE_URL's server, else the local one. */
export function adminUrl(): string {
  if (process.env.BENCH_ADMIN_URL) return process.env.BENCH_ADMIN_URL;
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  return `postgres://${encodeURIComponent(process.env.PGUSER ?? 'postgres')}@127.0.0.1:5432/postgres`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function query(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Scratch databases on the server, all dropped by `dropAll` (also on failure or Ctrl-C). */
export class ScratchDatabases {
  private readonly names = new Set<string>();
  constructor(private readonly admin: string) {}

  /** A new database, empty or a copy of `template`; returns its URL. */
  async create(name: string, template?: string): Promise<string> {
    const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
    await query(this.admin, `CREATE DATABASE ${quoteIdentifier(name)}${from}`);
    this.names.add(name);
    return withDatabase(this.admin, name);
  }

  urlOf(name: string): string {
    return withDatabase(this.admin, name);
  }

  async drop(name: string): Promise<void> {
    if (!this.names.delete(name)) return;
    await query(this.admin, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch((e: unknown) =>
      console.error(`could not drop ${name}: ${String(e)}`),
    );
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.names]) await this.drop(name);
  }

  /** Drops everything on SIGINT/SIGTERM; returns the undo. */
  dropOnSignal(): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: dropping the scratch databases`);
      void this.dropAll().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    };
  }
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const mb = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Other work on the machine skews every figure: say how busy it was. */
export const loadavg = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

export interface ChildRun {
  code: number | null;
  wallMs: number;
  /** Peak resident set size in bytes, or null when it could not be measured. */
  peakRss: number | null;
  /** User + system CPU of the process, or null when it could not be measured. */
  cpuMs: number | null;
  /**
   * Busy time of all the machine's CPUs over the run (/proc/stat): the process and everything
   * it made work, PostgreSQL's backends included when the server runs here; null without /proc.
   */
  machineCpuMs: number | null;
  stdout: string;
  stderr: string;
}

const HAS_TIME = fs.existsSync('/usr/bin/time');

/** Busy time of all CPUs since boot in ms (user, nice, system, irq, softirq, steal), or null without /proc/stat. */
function machineBusyMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    // /proc/stat counts in USER_HZ, 100 a second on Linux.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
  } catch {
    return null;
  }
}

/**
 * Runs a command, its stdout to /dev/null or captured, and measures its wall time, CPU and peak
 * RSS: through /usr/bin/time (written to a file of its own), else by polling VmHWM (the
 * kernel's own high-water mark) of the child in /proc (then without CPU).
 */
export function runChild(
  cmd: string,
  args: string[],
  options: { captureStdout: boolean; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void },
): Promise<ChildRun> {
  const statsFile = path.join(fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'govcon-bench-')), 'stats');
  const [file, argv] = HAS_TIME ? ['/usr/bin/time', ['-o', statsFile, '-f', '%M %U %S', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const devNull = options.captureStdout ? 'pipe' : fs.openSync('/dev/null', 'w');
    const busyBefore = machineBusyMs();
    const start = performance.now();
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', devNull, 'pipe'], env: { ...process.env, ...options.env } });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
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
      const busyAfter = machineBusyMs();
      const machineCpuMs = busyBefore === null || busyAfter === null ? null : busyAfter - busyBefore;
      if (poll) clearInterval(poll);
      if (typeof devNull === 'number') fs.closeSync(devNull);
      let peakRss: number | null = polled || null;
      let cpuMs: number | null = null;
      if (HAS_TIME) {
        const last = fs.readFileSync(statsFile, 'utf8').trim().split('\n').pop() ?? '';
        const [kb, user, sys] = last.split(' ').map(Number);
        peakRss = Number.isFinite(kb) && kb! > 0 ? kb! * 1024 : null;
        cpuMs = Number.isFinite(user) && Number.isFinite(sys) ? (user! + sys!) * 1000 : null;
      }
      fs.rmSync(path.dirname(statsFile), { recursive: true, force: true });
      resolve({ code, wallMs, peakRss, cpuMs, machineCpuMs, stdout, stderr });
    });
  });
}

/** psql with the given statements (and session settings through PGOPTIONS). */
export function psql(url: string, commands: readonly string[], pgOptions = ''): Promise<ChildRun> {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url];
  for (const c of commands) args.push('-c', c);
  return runChild('psql', args, { captureStdout: false, env: pgOptions ? { PGOPTIONS: pgOptions } : {} });
}

/** The govcon command line to measure: the build when present (and not --source), else the sources through tsx. */
export function govconCommand(sources: readonly string[]): { argv: string[]; label: string; note: string | null } {
  const built = path.join(ROOT, 'out/main/govcon.js');
  if (!process.argv.includes('--source') && fs.existsSync(built)) {
    const builtAt = fs.statSync(built).mtimeMs;
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

/** One line of a figure beside its ceiling: medians, the ratio, and the tool's peak RSS. */
export function ratioLine(label: string, tool: readonly number[], ceiling: readonly number[], rss: readonly (number | null)[]): string {
  const t = median(tool);
  const c = median(ceiling);
  const peak = rss.filter((r): r is number => r !== null);
  const runs = `${tool.map(fmt).join(' / ')} vs ${ceiling.map(fmt).join(' / ')} ms`;
  return (
    `${label.padEnd(12)} ${fmt(t)} ms, ceiling ${fmt(c)} ms: ratio ${(c / t).toFixed(2)}, ` +
    `peak RSS ${peak.length ? mb(Math.max(...peak)) : 'not measured'}  (medians of ${tool.length}: ${runs})`
  );
}
