/**
 * Backup and restore benchmark (issue 12): `govcon backup`, `govcon backup verify` and
 * `govcon restore` of a governance database with N audit rows (default 1,000,000, with the demo
 * generator's users, keys, executions and metrics), beside `pg_dump -Fc` and `pg_restore` of the
 * same database, measured in the same run: wall time, rows/s, MB/s of the file and peak RSS
 * (the ratio is pg_dump's time ÷ ours). Memory must be flat: the same commands on a database of
 * N/10 rows give the peak RSS to compare with.
 *
 *   npx tsx bench/backup-bench.ts [--rows N] [--repeat N] [--source]
 *
 * The server comes from BENCH_ADMIN_URL (default the local one); pg_dump must be of the server's
 * major version (else its figures are skipped and the bench says so). Scratch databases are
 * dropped at the end, also on failure or Ctrl-C. Prints figures only; asserts nothing (but says
 * when a restore does not give the source's row counts back).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateDemoData } from '../src-main/domains/demo/demo-data';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { initialise } from '../src-main/schema/migrator';
import { adminUrl, fmt, govconCommand, intArg, loadavg, mb, median, query, runChild, ScratchDatabases, type ChildRun } from './lib';

const ROWS = intArg('rows', 1_000_000);
const REPEAT = intArg('repeat', 2);
const SOURCES = [
  'src-main/domains/backup/backup.ts',
  'src-main/domains/backup/restore.ts',
  'src-main/domains/backup/verify.ts',
  'src-main/integrity/backup-v1.ts',
];

interface Figures {
  backup: ChildRun[];
  verify: ChildRun[];
  restore: ChildRun[];
  dump: ChildRun[];
  pgRestore: ChildRun[];
  fileBytes: number;
  dumpBytes: number;
  rows: number;
}

async function fill(url: string, rows: number): Promise<number> {
  const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(sequelize, { operator: { name: 'bench', email: null } });
  } finally {
    await sequelize.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await generateDemoData(client, { rows, seed: 1 }, { signal: new AbortController().signal, progress: () => undefined });
    await client.query('VACUUM (ANALYZE)');
    const { rows: count } = await client.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM audit_logs) + (SELECT count(*) FROM users) + (SELECT count(*) FROM api_keys)
            + (SELECT count(*) FROM workflow_executions) + (SELECT count(*) FROM governance_metrics)
            + (SELECT count(*) FROM console_events) + (SELECT count(*) FROM console_migrations) AS n`,
    );
    return Number(count[0]!.n);
  } finally {
    await client.end();
  }
}

async function auditCount(url: string): Promise<number> {
  return Number((await query(url, 'SELECT count(*)::int AS n FROM audit_logs')).rows[0].n);
}

async function measure(
  scratch: ScratchDatabases,
  source: string,
  rows: number,
  dir: string,
  repeat: number,
  withPgDump: boolean,
): Promise<Figures> {
  const govcon = govconCommand(SOURCES);
  const cli = (...args: string[]) => runChild(govcon.argv[0]!, [...govcon.argv.slice(1), ...args], { captureStdout: true });
  const f: Figures = { backup: [], verify: [], restore: [], dump: [], pgRestore: [], fileBytes: 0, dumpBytes: 0, rows: 0 };
  const sourceCount = await auditCount(scratch.urlOf(source));
  for (let i = 0; i < repeat; i++) {
    const file = path.join(dir, `b${rows}-${i}.gcb`);
    const b = await cli('backup', '--url', scratch.urlOf(source), '--out', file, '--json');
    if (b.code !== 0) throw new Error(`govcon backup failed: ${b.stdout}${b.stderr}`);
    f.fileBytes = fs.statSync(file).size;
    f.rows = (JSON.parse(b.stdout) as { total: number }).total;
    const v = await cli('backup', 'verify', file, '--json');
    if (v.code !== 0) throw new Error(`govcon backup verify failed: ${v.stdout}${v.stderr}`);
    const target = `${source}_r${i}`;
    await scratch.create(target);
    const r = await cli('restore', file, '--url', scratch.urlOf(target), '--json');
    if (r.code !== 0) throw new Error(`govcon restore failed: ${r.stdout}${r.stderr}`);
    const restored = await auditCount(scratch.urlOf(target));
    if (restored !== sourceCount) console.log(`WARNING     restore gave ${fmt(restored)} audit rows, the source has ${fmt(sourceCount)}`);
    await scratch.drop(target);
    fs.rmSync(file, { force: true });
    f.backup.push(b);
    f.verify.push(v);
    f.restore.push(r);
    if (withPgDump) {
      const dump = path.join(dir, `d${rows}-${i}.dump`);
      const d = await runChild('pg_dump', ['-Fc', '-f', dump, scratch.urlOf(source)], { captureStdout: false });
      if (d.code !== 0) throw new Error(`pg_dump failed: ${d.stderr}`);
      f.dumpBytes = fs.statSync(dump).size;
      const pgTarget = `${source}_p${i}`;
      await scratch.create(pgTarget);
      const p = await runChild('pg_restore', ['-d', scratch.urlOf(pgTarget), dump], { captureStdout: false });
      if (p.code !== 0) throw new Error(`pg_restore failed: ${p.stderr}`);
      await scratch.drop(pgTarget);
      fs.rmSync(dump, { force: true });
      f.dump.push(d);
      f.pgRestore.push(p);
    }
  }
  return f;
}

const peak = (runs: ChildRun[]) => {
  const values = runs.map((r) => r.peakRss).filter((x): x is number => x !== null);
  return values.length ? mb(Math.max(...values)) : 'not measured';
};

function line(label: string, runs: ChildRun[], rows: number, bytes: number, against?: ChildRun[]): string {
  if (runs.length === 0) return `${label.padEnd(22)} skipped`;
  const t = median(runs.map((r) => r.wallMs));
  const ratio = against?.length ? `, ratio ${(median(against.map((r) => r.wallMs)) / t).toFixed(2)} (pg ÷ govcon)` : '';
  return (
    `${label.padEnd(22)} ${fmt(t)} ms, ${fmt((rows / t) * 1000)} rows/s, ${((bytes / 1024 / 1024 / t) * 1000).toFixed(1)} MB/s, ` +
    `peak RSS ${peak(runs)}${ratio}  (runs ${runs.map((r) => fmt(r.wallMs)).join(' / ')} ms)`
  );
}

async function main(): Promise<void> {
  const admin = adminUrl();
  const scratch = new ScratchDatabases(admin);
  const undo = scratch.dropOnSignal();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-backup-bench-'));
  try {
    const server = String((await query(admin, 'SHOW server_version_num')).rows[0].server_version_num);
    const major = Math.floor(Number(server) / 10000);
    const pgDump = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
    const withPgDump = pgDump.status === 0 && pgDump.stdout.includes(` ${major}.`);
    console.log(
      `server      PostgreSQL ${major} (${server}); ${withPgDump ? pgDump.stdout.trim() : `no pg_dump ${major}: its figures are skipped`}`,
    );
    console.log(`machine     ${os.cpus().length} CPUs, node ${process.version}, ${loadavg()}`);
    const govcon = govconCommand(SOURCES);
    if (govcon.note) console.log(`note        ${govcon.note}`);
    console.log(`govcon      ${govcon.label}`);

    const results: [number, Figures][] = [];
    for (const rows of [Math.max(1, Math.floor(ROWS / 10)), ROWS]) {
      const name = `govcon_bench_backup_${crypto.randomBytes(4).toString('hex')}`;
      await scratch.create(name);
      const t = performance.now();
      const total = await fill(scratch.urlOf(name), rows);
      console.log(`generate    ${fmt(rows)} audit rows (${fmt(total)} rows in all) in ${fmt(performance.now() - t)} ms`);
      const f = await measure(scratch, name, rows, dir, REPEAT, withPgDump);
      await scratch.drop(name);
      results.push([rows, f]);
      console.log('');
      console.log(
        `${fmt(rows)} audit rows, ${fmt(f.rows)} rows in all: backup file ${mb(f.fileBytes)}` +
          (withPgDump ? `, pg_dump -Fc file ${mb(f.dumpBytes)} (compressed)` : ''),
      );
      console.log(line('govcon backup', f.backup, f.rows, f.fileBytes, f.dump));
      console.log(line('pg_dump -Fc', f.dump, f.rows, f.fileBytes));
      console.log(line('govcon backup verify', f.verify, f.rows, f.fileBytes));
      console.log(line('govcon restore', f.restore, f.rows, f.fileBytes, f.pgRestore));
      console.log(line('pg_restore', f.pgRestore, f.rows, f.fileBytes));
      console.log(`machine     ${loadavg()}`);
    }
    const [[smallRows, small], [bigRows, big]] = results as [[number, Figures], [number, Figures]];
    console.log('');
    console.log(
      `flat memory: peak RSS at ${fmt(smallRows)} → ${fmt(bigRows)} audit rows: backup ${peak(small.backup)} → ${peak(big.backup)}, ` +
        `verify ${peak(small.verify)} → ${peak(big.verify)}, restore ${peak(small.restore)} → ${peak(big.restore)}`,
    );
  } finally {
    await scratch.dropAll();
    undo();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
