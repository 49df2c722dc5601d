/**
 * Import benchmark (issue 4, "Speed"): generates a valid jsonl-v1 file (real hashes), imports
 * it into a scratch database on the local server (created and dropped here), and prints
 * lines/s and peak RSS. Target: ≥ 30,000 lines/s.
 *
 *   npx tsx bench/import-bench.ts [--lines N] [--batch N] [--connections N] [--keep-file]
 *
 * The server comes from BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Each import runs in a child process of its own, as `govcon import-jsonl` would, so the peak
 * RSS printed is the importer's (not the generator's). When the server runs on this machine
 * and its processes are readable, the CPU time of its backends is printed beside the
 * importer's: on a 2-core machine both share the same cores, which bounds lines/s.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../src-main/platform/db/sql/identifier';
import { verifyCustody } from '../src-main/domains/import/custody-verify';
import { importJsonlFile } from '../src-main/domains/import/import-file';
import { writeSampleLog } from '../src-main/domains/demo/sample-log';
import { verifyDatabase } from '../src-main/domains/verification/verify-db';

const APPLICATION = 'govcon-import-bench';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number`);
  return n;
}

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

interface ChildReport {
  ms: number;
  imported: number;
  already_present: number;
  rejected_total: number;
  total: number;
  size: number;
  maxRssBytes: number;
  cpuMs: number;
}

/** Child mode: one import, then a JSON report on stdout. */
async function child(url: string, file: string, batchSize: number, connections: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t = Date.now();
  const r = await importJsonlFile({ connectionString: url, application_name: APPLICATION }, file, {
    operator: { name: 'import-bench', email: null },
    batchSize,
    connections,
  });
  const ms = Date.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const report: ChildReport = {
    ms,
    imported: r.imported,
    already_present: r.already_present,
    rejected_total: r.rejected_total,
    total: r.total,
    size: r.file.size,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** CPU seconds used so far by the server's backends serving the import (null when unreadable). */
class BackendCpu {
  private readonly seen = new Map<number, number>();
  private readonly tick = 100; // USER_HZ on Linux
  private readable = true;
  constructor(private readonly client: pg.Client) {}
  async sample(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      APPLICATION,
    ]);
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        this.seen.set(pid, Math.max(this.seen.get(pid) ?? 0, (Number(fields[11]) + Number(fields[12])) / this.tick));
      } catch {
        this.readable = false;
      }
    }
  }
  get seconds(): number | null {
    return this.readable && this.seen.size > 0 ? [...this.seen.values()].reduce((a, b) => a + b, 0) : null;
  }
}

async function importInChild(
  url: string,
  file: string,
  batchSize: number,
  connections: number,
  monitor: pg.Client,
): Promise<ChildReport & { pgCpuMs: number | null }> {
  const cpu = new BackendCpu(monitor);
  const here = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', here, '--child', url, file, String(batchSize), String(connections)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await cpu.sample().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  sampling = false;
  await sampler;
  if (code !== 0) throw new Error(`the import child failed (exit ${code}): ${stdout}`);
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
  const pgSeconds = cpu.seconds;
  return { ...report, pgCpuMs: pgSeconds === null ? null : pgSeconds * 1000 };
}

async function main(): Promise<void> {
  const lines = arg('lines', 200_000);
  const batch = arg('batch', 5000);
  const connections = arg('connections', 2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-import-bench-'));
  const file = path.join(dir, 'audit.jsonl');
  const database = `govcon_bench_import_${crypto.randomBytes(4).toString('hex')}`;
  const url = withDatabase(ADMIN_URL, database);
  let created = false;
  const monitor = new pg.Client({ connectionString: ADMIN_URL });
  try {
    let t = Date.now();
    const written = await writeSampleLog(file, { lines, seed: 7 });
    console.log(`generated ${written.lines.toLocaleString('en-US')} lines (${mb(written.bytes)}) in ${Date.now() - t} ms: ${file}`);

    await admin(`CREATE DATABASE ${quoteIdentifier(database)}`);
    created = true;
    const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'import-bench', email: null } });
    } finally {
      await sequelize.close();
    }
    await monitor.connect();

    const first = await importInChild(url, file, batch, connections, monitor);
    if (first.imported !== lines || first.rejected_total !== 0) {
      throw new Error(`expected ${lines} imported and none rejected, got ${first.imported} imported, ${first.rejected_total} rejected`);
    }
    console.log(
      `import      ${first.imported.toLocaleString('en-US')} lines in ${first.ms} ms: ${rate(first.imported, first.ms)} lines/s ` +
        `(${mb(first.size / (first.ms / 1000))}/s), batch ${batch}, ${connections} connection(s)`,
    );
    console.log(`peak RSS    ${mb(first.maxRssBytes)} (the importing process)`);
    const perLine = (ms: number) => ((ms * 1000) / lines).toFixed(0);
    console.log(
      `cpu         importer ${Math.round(first.cpuMs)} ms (${perLine(first.cpuMs)} µs/line)` +
        (first.pgCpuMs === null
          ? '; PostgreSQL backends: not readable here'
          : `, PostgreSQL backends ${Math.round(first.pgCpuMs)} ms (${perLine(first.pgCpuMs)} µs/line)`) +
        `; ${os.cpus().length} cores`,
    );

    const again = await importInChild(url, file, batch, connections, monitor);
    console.log(
      `re-import   ${again.already_present.toLocaleString('en-US')} already present, ${again.imported} imported, in ${again.ms} ms: ${rate(again.total, again.ms)} lines/s`,
    );

    t = Date.now();
    const verified = await verifyDatabase({ connectionString: url });
    console.log(`verify-db   ${verified.ok.toLocaleString('en-US')}/${verified.total.toLocaleString('en-US')} ok in ${Date.now() - t} ms`);
    t = Date.now();
    const custody = await verifyCustody({ connectionString: url });
    const custodyMs = Date.now() - t;
    console.log(
      `custody     ${custody.ok.toLocaleString('en-US')}/${custody.total.toLocaleString('en-US')} re-proved in ${custodyMs} ms: ${rate(custody.total, custodyMs)} lines/s`,
    );
    const target = 30_000;
    const achieved = (first.imported / first.ms) * 1000;
    console.log(`target      ≥ ${target.toLocaleString('en-US')} lines/s: ${achieved >= target ? 'met' : 'NOT met'}`);
  } finally {
    await monitor.end().catch(() => undefined);
    if (created)
      await admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`).catch((e: unknown) =>
        console.error(`could not drop ${database}: ${String(e)}`),
      );
    if (!process.argv.includes('--keep-file')) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
(childAt === -1
  ? main()
  : child(process.argv[childAt + 1]!, process.argv[childAt + 2]!, Number(process.argv[childAt + 3]), Number(process.argv[childAt + 4]))
).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
