/**
 * Import benchmark: `govcon import-jsonl` beside its ceiling, measured in the same run.
 *
 * Generates a valid jsonl-v1 file (real hashes; 200,000 lines of about 800 bytes by default),
 * then `--repeat` times (default 3), interleaved:
 * - the import: `govcon import-jsonl` as a child process (the built CLI when out/main/govcon.js
 *   exists, else the sources through tsx) into a fresh copy of an initialised database: wall
 *   time, its CPU and peak RSS, and the CPU of the server's backends serving it (when the server
 *   runs here and /proc is readable);
 * - the ceiling: `psql` COPY of exactly what that import wrote (its console_import_files row,
 *   its audit_logs rows, its custody lines in COPY BINARY as the import sends them, its
 *   console_events row), dumped from its database, into another fresh copy: the same empty,
 *   indexed tables. What the import does beyond writing (verifying every line, the duplicate
 *   check, the user look-up, the transactions) is the import's work, not the ceiling's.
 * Prints medians and the ratio (ceiling wall time ÷ import wall time; target ≥ 0.85, peak RSS
 * ≤ 150 MB), then, once, a re-import of the same file (all already present) and the custody
 * check, for information. Scratch databases and files are removed, also on failure or Ctrl-C.
 *
 *   npx tsx bench/import-bench.ts [--lines N] [--batch N] [--repeat N] [--source] [--keep-file]
 *
 * The server comes from BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { AUDIT_IMPORT_COLUMNS } from '../src-main/domains/import/audit-copy';
import { verifyCustody } from '../src-main/domains/import/custody-verify';
import { writeSampleLog } from '../src-main/domains/demo/sample-log';
import {
  adminUrl,
  fmt,
  govconCommand,
  intArg,
  loadavg,
  mb,
  median,
  psql,
  ratioLine,
  runChild,
  ScratchDatabases,
  type ChildRun,
} from './lib';

const LINES = intArg('lines', 200_000);
const BATCH = intArg('batch', 5000);
const REPEAT = intArg('repeat', 3);

const IMPORT_SOURCES = [
  'src-main/domains/import/import-file.ts',
  'src-main/domains/import/batch.ts',
  'src-main/domains/import/batch-writer.ts',
  'src-main/domains/import/batch-pipeline.ts',
  'src-main/domains/import/map-line.ts',
];

const CUSTODY_COLUMNS = 'audit_log_id, file_id, line_number, trace_id, original_hash, raw_line';

/** CPU seconds used so far by the server's backends on one database (null when unreadable). */
class BackendCpu {
  private readonly seen = new Map<number, number>();
  private readonly tick = 100; // USER_HZ on Linux
  private readable = true;
  constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}
  async sample(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.database],
    );
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        this.seen.set(pid, Math.max(this.seen.get(pid) ?? 0, (Number(fields[11]) + Number(fields[12])) / this.tick));
      } catch {
        this.readable = false;
      }
    }
  }
  get ms(): number | null {
    return this.readable && this.seen.size > 0 ? [...this.seen.values()].reduce((a, b) => a + b, 0) * 1000 : null;
  }
}

/** Runs `work` while sampling the backends of `database` every 100 ms. */
async function sampled<T>(monitor: pg.Client, database: string, work: () => Promise<T>): Promise<{ result: T; backendMs: number | null }> {
  const cpu = new BackendCpu(monitor, database);
  let running = true;
  const sampler = (async () => {
    while (running) {
      await cpu.sample().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    return { result: await work(), backendMs: cpu.ms };
  } finally {
    running = false;
    await sampler;
  }
}

interface ImportJson {
  imported: number;
  already_present: number;
  rejected: number;
  total: number;
}

function parseImport(run: ChildRun): ImportJson {
  try {
    return JSON.parse(run.stdout) as ImportJson;
  } catch {
    throw new Error(`the import failed (exit ${run.code}): ${(run.stdout + run.stderr).trim().slice(0, 600)}`);
  }
}

async function main(): Promise<void> {
  const admin = adminUrl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-import-bench-'));
  const file = path.join(dir, 'audit.jsonl');
  const tag = crypto.randomBytes(4).toString('hex');
  const scratch = new ScratchDatabases(admin);
  const undoSignal = scratch.dropOnSignal();
  const monitor = new pg.Client({ connectionString: admin });
  try {
    let t = Date.now();
    const written = await writeSampleLog(file, { lines: LINES, seed: 7 });
    console.log(
      `generated   ${fmt(written.lines)} lines (${mb(written.bytes)}) in ${fmt(Date.now() - t)} ms; ` +
        `${os.cpus().length} cores, ${loadavg()}`,
    );

    // One initialised database, copied for every run: the same empty, indexed tables each time.
    const template = `govcon_bench_imp_${tag}_template`;
    const templateUrl = await scratch.create(template);
    const sequelize = createSequelize({ url: templateUrl, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'import-bench', email: null } });
    } finally {
      await sequelize.close();
    }
    await monitor.connect();
    const govcon = govconCommand(IMPORT_SOURCES);
    if (govcon.note) console.log(`note        ${govcon.note}`);

    const imports: ChildRun[] = [];
    const backend: number[] = [];
    const ceilings: number[] = [];
    let keep: string | null = null;
    for (let i = 0; i < REPEAT; i++) {
      const target = `govcon_bench_imp_${tag}_${i}`;
      const url = await scratch.create(target, template);
      const { result: run, backendMs } = await sampled(monitor, target, () =>
        runChild(
          govcon.argv[0]!,
          [
            ...govcon.argv.slice(1),
            'import-jsonl',
            file,
            '--url',
            url,
            '--operator',
            'Import Bench <bench@example.org>',
            '--batch',
            String(BATCH),
            '--json',
          ],
          { captureStdout: true },
        ),
      );
      const r = parseImport(run);
      if (r.imported !== LINES || r.rejected !== 0) throw new Error(`expected ${LINES} imported, none rejected; got ${JSON.stringify(r)}`);

      // The ceiling: exactly what this import wrote, written again by psql into empty tables.
      const dump = (name: string) => path.join(dir, `${name}-${i}`);
      const out = await psql(url, [
        `\\copy console_import_files TO '${dump('files')}'`,
        `\\copy audit_logs (${AUDIT_IMPORT_COLUMNS.join(', ')}) TO '${dump('audit')}'`,
        `\\copy console_import_lines (${CUSTODY_COLUMNS}) TO '${dump('custody')}' WITH (FORMAT binary)`,
        `\\copy (SELECT * FROM console_events WHERE action = 'audit.import') TO '${dump('events')}'`,
      ]);
      if (out.code !== 0) throw new Error(`psql could not dump the import: ${out.stderr}`);
      const copyTarget = `govcon_bench_imp_${tag}_${i}_ceiling`;
      const copyUrl = await scratch.create(copyTarget, template);
      const ceiling = await psql(copyUrl, [
        `\\copy console_import_files FROM '${dump('files')}'`,
        `\\copy audit_logs (${AUDIT_IMPORT_COLUMNS.join(', ')}) FROM '${dump('audit')}'`,
        `\\copy console_import_lines (${CUSTODY_COLUMNS}) FROM '${dump('custody')}' WITH (FORMAT binary)`,
        `\\copy console_events FROM '${dump('events')}'`,
      ]);
      if (ceiling.code !== 0) throw new Error(`psql could not write the ceiling: ${ceiling.stderr}`);
      for (const name of ['files', 'audit', 'custody', 'events']) fs.rmSync(dump(name), { force: true });
      await scratch.drop(copyTarget);
      console.log(
        `run ${i + 1}       import ${fmt(run.wallMs)} ms (${fmt((LINES / run.wallMs) * 1000)} lines/s), ${mb(run.peakRss)}; ` +
          `ceiling ${fmt(ceiling.wallMs)} ms; ${loadavg()}`,
      );
      imports.push(run);
      if (backendMs !== null) backend.push(backendMs);
      ceilings.push(ceiling.wallMs);
      if (keep === null) keep = target;
      else await scratch.drop(target);
    }

    const walls = imports.map((r) => r.wallMs);
    const perLine = (ms: number) => ((ms * 1000) / LINES).toFixed(0);
    const cpu = imports.map((r) => r.cpuMs).filter((x): x is number => x !== null);
    console.log('');
    console.log(
      `import-jsonl of ${fmt(LINES)} lines, batch ${BATCH}; ` +
        'ratio = ceiling wall time / import wall time (target ≥ 0.85, peak RSS ≤ 150 MB):',
    );
    console.log(
      ratioLine(
        'import',
        walls,
        ceilings,
        imports.map((r) => r.peakRss),
      ),
    );
    console.log(
      `  (info)    ${fmt((LINES / median(walls)) * 1000)} lines/s; ` +
        `importer CPU ${cpu.length ? `${perLine(median(cpu))} µs/line` : 'not measured'}` +
        (backend.length ? `, PostgreSQL backends ${perLine(median(backend))} µs/line` : ', PostgreSQL backends: not readable here') +
        ` (${os.cpus().length} cores: both share them)`,
    );

    // For information, once: the same file again (everything already present), and the custody check.
    const url = scratch.urlOf(keep!);
    const again = await runChild(
      govcon.argv[0]!,
      [...govcon.argv.slice(1), 'import-jsonl', file, '--url', url, '--operator', 'Import Bench <bench@example.org>', '--json'],
      { captureStdout: true },
    );
    const a = parseImport(again);
    console.log(
      `re-import   ${fmt(a.already_present)} already present, ${a.imported} imported, in ${fmt(again.wallMs)} ms (${mb(again.peakRss)})`,
    );
    t = Date.now();
    const custody = await verifyCustody({ connectionString: url });
    console.log(`custody     ${fmt(custody.ok)}/${fmt(custody.total)} re-proved in ${fmt(Date.now() - t)} ms`);
  } finally {
    await monitor.end().catch(() => undefined);
    await scratch.dropAll();
    undoSignal();
    if (!process.argv.includes('--keep-file')) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
