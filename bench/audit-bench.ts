/**
 * Audit log browser benchmark (issue 10): page latency of `audit/list` at depths 0, 10 %, 50 %
 * and 100 % of N rows (default 1,000,000), without a filter and with indexed ones, and the
 * export rate beside `psql` COPY of the same rows — all measured in this run, on this machine.
 *
 *   npx tsx bench/audit-bench.ts [--rows N] [--samples N] [--keep]
 *
 * The server comes from BENCH_ADMIN_URL (default the local one). A scratch database is made,
 * filled with the demo generator (secondary indexes and foreign-key triggers set aside while
 * COPY runs, rebuilt after), given the keyset index idx_console_audit_logs_created_at_id (the
 * seals migration builds it; until it lands the bench does), put in time order with CLUSTER
 * (the service appends entries as they happen; the generator's times are random) and
 * analysed. Dropped at the end, also on failure or Ctrl-C, unless --keep.
 *
 * A page is listAuditPage as the app calls it (100 rows, Sequelize pool, statuses, no count),
 * timed around the call. "Depth d" starts from the row at position d·N in the order shown
 * (newest first); 100 % is the last page, read from that end as the page's "Go to last" does.
 * Prints figures only; the target (p95 < 50 ms) is printed beside them, not asserted.
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
import { encodeCursor } from '../src-main/platform/db/sql/cursor';
import { generateDemoData } from '../src-main/domains/demo/demo-data';
import { listAuditPage } from '../src-main/domains/audit-log/list';
import { exportAuditLog, exportCopy } from '../src-main/domains/audit-log/export';
import { QueryRegistry } from '../src-main/domains/audit-log/tracked-query';
import { parseFilter, printFilter } from '../src-main/shared/model/audit-filter';
import { filterTerms } from '../src-main/domains/audit-log/filter-sql';
import { Params } from '../src-main/platform/db/sql/params';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number ≥ 1`);
  return n;
}

const ROWS = arg('rows', 1_000_000);
const SAMPLES = arg('samples', 40);
const KEEP = process.argv.includes('--keep');
const ADMIN_URL =
  process.env.BENCH_ADMIN_URL ?? `postgres://${encodeURIComponent(process.env.PGUSER ?? 'postgres')}@127.0.0.1:5432/postgres`;
const NOW = new Date('2026-06-01T00:00:00Z');
const FILTERS = ['', 'mode:execute', 'outcome:failure', 'since:2026-04-01 until:2026-05-01', 'workflow:cost-report mode:grunt'];
const DEPTHS = [0, 0.1, 0.5, 1];
const PAGE = 100;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(1);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function fill(url: string): Promise<void> {
  const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(sequelize, { operator: { name: 'Audit Bench', email: 'bench@example.test' } });
  } finally {
    await sequelize.close();
  }
  await onClient(url, async (c) => {
    const tables = ['audit_logs', 'workflow_executions', 'governance_metrics'];
    const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY ($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      [tables],
    );
    for (const i of indexes) await c.query(`DROP INDEX ${quoteIdentifier(i.indexname)}`);
    for (const t of tables) await c.query(`ALTER TABLE ${quoteIdentifier(t)} DISABLE TRIGGER ALL`);
    let t0 = Date.now();
    await generateDemoData(c, { rows: ROWS, now: NOW, seed: 10 });
    console.log(`setup       ${fmt(ROWS)} demo rows generated and copied in ${fmt((Date.now() - t0) / 1000)} s`);
    t0 = Date.now();
    for (const t of tables) await c.query(`ALTER TABLE ${quoteIdentifier(t)} ENABLE TRIGGER ALL`);
    for (const i of indexes) await c.query(i.indexdef);
    await c.query('CREATE INDEX IF NOT EXISTS idx_console_audit_logs_created_at_id ON audit_logs (created_at, id)');
    await c.query('CLUSTER audit_logs USING idx_console_audit_logs_created_at_id');
    await c.query('VACUUM ANALYZE audit_logs');
    console.log(`setup       indexes, CLUSTER (time order) and ANALYZE in ${fmt((Date.now() - t0) / 1000)} s`);
  });
}

/** The cursor of the row at `offset` in newest-first order under `filter` (OFFSET only to set the bench up). */
async function cursorAt(url: string, filter: string, offset: number): Promise<string> {
  const parsed = parseFilter(filter);
  const p = new Params();
  const where = filterTerms(p, parsed, NOW);
  const sql = `SELECT id, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS c FROM audit_logs a
    WHERE ${where.length ? where.join(' AND ') : 'TRUE'} AND created_at IS NOT NULL
    ORDER BY created_at DESC, id DESC OFFSET ${p.add(offset)} LIMIT 1`;
  const row = await onClient(url, async (c) => (await c.query<{ id: string; c: string }>(sql, p.values)).rows[0]!);
  return encodeCursor({ k: `audit:${printFilter(parsed)}`, v: row.c, id: row.id });
}

function psqlCopy(url: string, sql: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`psql failed: ${err}`))));
  });
}

async function main(): Promise<void> {
  const name = `govcon_audit_bench_${crypto.randomBytes(4).toString('hex')}`;
  const url = withDatabase(ADMIN_URL, name);
  await onClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const drop = () => onClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  const onSignal = () => void (KEEP ? Promise.resolve() : drop()).finally(() => process.exit(130));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-audit-bench-'));
  try {
    await fill(url);
    const sequelize = createSequelize({ url, pool: { size: 4, maxOverflow: 0 } });
    const registry = new QueryRegistry();
    try {
      console.log(`\npages       ${PAGE} rows, ${SAMPLES} samples per point, ms (p50 / p95); target p95 < 50 ms`);
      console.log(`  ${'filter'.padEnd(36)} ${'matches'.padStart(9)}  ${DEPTHS.map((d) => `${d * 100}%`.padStart(15)).join('')}`);
      for (const filter of FILTERS) {
        const first = await listAuditPage(sequelize, registry, { filter, limit: 1, count: 'exact' }, { now: NOW });
        const matches = first.count!.value;
        const cells: string[] = [];
        for (const depth of DEPTHS) {
          const query =
            depth === 1
              ? { filter, limit: PAGE, direction: 'backward' as const, count: 'none' as const }
              : {
                  filter,
                  limit: PAGE,
                  count: 'none' as const,
                  cursor: depth === 0 ? null : await cursorAt(url, filter, Math.floor(matches * depth)),
                };
          const times: number[] = [];
          for (let i = 0; i < SAMPLES + 3; i++) {
            const started = performance.now();
            const page = await listAuditPage(sequelize, registry, query, { now: NOW });
            const took = performance.now() - started;
            if (page.rows.length === 0) throw new Error(`no rows at depth ${depth} for "${filter}"`);
            if (i >= 3) times.push(took); // the first three warm the pool and the plan cache
          }
          cells.push(`${ms(pct(times, 0.5))} / ${ms(pct(times, 0.95))}`.padStart(15));
        }
        console.log(`  ${(filter || '(none)').padEnd(36)} ${fmt(matches).padStart(9)}  ${cells.join('')}`);
      }
    } finally {
      await sequelize.close();
    }

    console.log('\nexport      the whole table, oldest first, to a file; beside it psql running the same COPY into /dev/null');
    for (const format of ['csv', 'jsonl'] as const) {
      const { copy } = exportCopy(parseFilter(''), NOW, format);
      await psqlCopy(url, copy); // warm
      const copyMs = await psqlCopy(url, copy);
      const out = path.join(dir, `export.${format}`);
      const started = performance.now();
      const r = await exportAuditLog({ connectionString: url }, { filter: '', format, out }, { now: NOW });
      const took = performance.now() - started;
      console.log(`  ${format.padEnd(5)}   ceiling psql: ${fmt(ROWS / (copyMs / 1000))} rows/s (${fmt(copyMs)} ms)`);
      console.log(
        `          govcon audit export: ${fmt(r.rows / (took / 1000))} rows/s (${fmt(took)} ms, ${fmt(r.bytes / 1024 / 1024)} MiB, SHA-256 and manifest included) = ${((copyMs / took) * 100).toFixed(0)} % of the ceiling`,
      );
      fs.rmSync(out, { force: true });
      fs.rmSync(`${out}.manifest.json`, { force: true });
    }
    console.log(
      `  (load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!KEEP) await drop();
    else console.log(`kept ${url}`);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
