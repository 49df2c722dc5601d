/**
 * Sealing benchmark (issue 13): `govcon seal` and `govcon verify-db --seals` over N audit rows
 * (default 1,000,000) beside their ceilings, measured in this run (medians of --repeat
 * interleaved runs, default 3; ratio = ceiling wall time ÷ tool wall time; targets ≥ 0.9 and peak
 * RSS ≤ 150 MB, printed, not asserted):
 *
 * - seal: the ceiling is `psql` COPY out of the whole table in (created_at, id) order (to
 *   /dev/null) plus `psql` COPY in of what the seal writes (its leaf records, from a file);
 * - verify-db --seals: the ceiling is `psql` COPY out of the whole table in the same order;
 * - verify-db --seals --since-checkpoint: after a checkpoint of the N sealed rows, N/100 new rows
 *   sealed; its wall time as a percentage of the full pass over the same N + N/100 rows (target
 *   ≤ 5%), medians of --repeat interleaved runs.
 *
 *   npx tsx bench/seal-bench.ts [--rows N] [--repeat N] [--source]
 *
 * A scratch database on the local server (or BENCH_ADMIN_URL's), dropped at the end, also on
 * failure or Ctrl-C. Between seal runs the seal tables are emptied, so every run seals N rows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { generateDemoData } from '../src-main/domains/demo/demo-data';
import { AUDIT_LOGS_SEALED } from '../src-main/integrity/canonical-row';
import { dbV1Hash, type DbV1Row } from '../src-main/integrity/db-v1';
import {
  adminUrl,
  fmt,
  govconCommand,
  intArg,
  loadavg,
  median,
  mb,
  psql,
  query,
  ratioLine,
  runChild,
  ScratchDatabases,
  type ChildRun,
} from './lib';

const ROWS = intArg('rows', 1_000_000);
const REPEAT = intArg('repeat', 3);
const PASS = 'bench passphrase, not secret';
const SOURCES = [
  'src-main/domains/seals/seal.ts',
  'src-main/domains/seals/verify-seals.ts',
  'src-main/domains/seals/verify-since.ts',
  'src-main/domains/seals/seal-store.ts',
  'src-main/integrity/canonical-row.ts',
  'src-main/integrity/merkle/appender.ts',
];
const COLUMNS = AUDIT_LOGS_SEALED.columns.map((c) => c.name).join(', ');
const WHOLE_TABLE_SQL = `COPY (SELECT ${COLUMNS} FROM audit_logs ORDER BY created_at, id) TO STDOUT`;
const RESET_SQL = 'TRUNCATE console_seal_leaves; DELETE FROM console_seals; DELETE FROM console_seal_logs';

async function main(): Promise<void> {
  const admin = adminUrl();
  const scratch = new ScratchDatabases(admin);
  const undo = scratch.dropOnSignal();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-seal-bench-'));
  try {
    const url = await scratch.create(`govcon_seal_bench_${crypto.randomBytes(4).toString('hex')}`);
    console.log(`machine     ${os.cpus().length} CPUs, node ${process.version}, ${loadavg()}`);
    const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'bench', email: null } });
    } finally {
      await sequelize.close();
    }
    const t = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await generateDemoData(client, { rows: ROWS, seed: 1 }, { signal: new AbortController().signal, progress: () => undefined });
      await client.query('VACUUM (ANALYZE) audit_logs');
    } finally {
      await client.end();
    }
    console.log(`generate    ${fmt(ROWS)} audit rows in ${fmt(performance.now() - t)} ms`);

    const govcon = govconCommand(SOURCES);
    if (govcon.note) console.log(`note        ${govcon.note}`);
    const env = { GOVCON_KEY_PASSPHRASE: PASS };
    const cli = (...args: string[]) => runChild(govcon.argv[0]!, [...govcon.argv.slice(1), ...args], { captureStdout: true, env });
    const keyFile = path.join(dir, 'bench.key');
    const created = await cli('signing-key', 'create', '--out', keyFile, '--name', 'bench', '--json');
    if (created.code !== 0) throw new Error(`signing-key create failed: ${created.stdout}${created.stderr}`);
    const vkey = (JSON.parse(created.stdout) as { verifier_key: string }).verifier_key;
    const seal = () => cli('seal', '--url', url, '--key', keyFile, '--margin', '0s', '--checkpoint-dir', path.join(dir, 'cp'), '--json');
    const verify = () => cli('verify-db', '--url', url, '--seals', '--trusted-key', vkey, '--json');

    // Warm-up, and the leaf records the ceiling copies in.
    const warm = await psql(url, [WHOLE_TABLE_SQL]);
    if (warm.code !== 0) throw new Error(`psql failed: ${warm.stderr}`);
    const first = await seal();
    if (first.code !== 0) throw new Error(`seal failed: ${first.stdout}${first.stderr}`);
    const leavesFile = path.join(dir, 'leaves.copy');
    const dump = await psql(url, [`\\copy console_seal_leaves TO '${leavesFile}'`]);
    if (dump.code !== 0) throw new Error(`psql failed: ${dump.stderr}`);
    await query(url, 'CREATE TABLE ceiling_leaves (LIKE console_seal_leaves INCLUDING ALL)');
    console.log(
      `warm-up     psql COPY ${fmt(warm.wallMs)} ms; first seal ${fmt(first.wallMs)} ms; leaf records ${mb(fs.statSync(leavesFile).size)}`,
    );

    const sealCeiling: number[] = [];
    const verifyCeiling: number[] = [];
    const seals: ChildRun[] = [];
    const verifies: ChildRun[] = [];
    for (let i = 0; i < REPEAT; i++) {
      await query(url, 'TRUNCATE ceiling_leaves');
      const out = await psql(url, [WHOLE_TABLE_SQL]);
      const into = await psql(url, [`\\copy ceiling_leaves FROM '${leavesFile}'`]);
      if (out.code !== 0 || into.code !== 0) throw new Error(`psql failed: ${out.stderr}${into.stderr}`);
      sealCeiling.push(out.wallMs + into.wallMs);
      verifyCeiling.push(out.wallMs);
      const v = await verify();
      const ok = v.code === 0;
      await query(url, RESET_SQL);
      const s = await seal();
      if (s.code !== 0) throw new Error(`seal failed: ${s.stdout}${s.stderr}`);
      console.log(
        `run ${i + 1}       ceilings ${fmt(out.wallMs)} + ${fmt(into.wallMs)} ms; seal ${fmt(s.wallMs)} ms, ${mb(s.peakRss)}; ` +
          `verify-db --seals ${fmt(v.wallMs)} ms (${ok ? 'clean' : `exit ${v.code}`}), ${mb(v.peakRss)}`,
      );
      seals.push(s);
      verifies.push(v);
    }

    // --since-checkpoint: a checkpoint of the N sealed rows, N/100 new rows sealed after it.
    const cpFile = path.join(dir, 'kept.checkpoint');
    const cp = await cli('checkpoint', '--url', url, '--out', cpFile, '--json');
    if (cp.code !== 0) throw new Error(`checkpoint failed: ${cp.stdout}${cp.stderr}`);
    const added = Math.max(1, Math.floor(ROWS / 100));
    await addRows(url, added);
    const resealed = await seal();
    if (resealed.code !== 0) throw new Error(`seal failed: ${resealed.stdout}${resealed.stderr}`);
    const sinceRuns: ChildRun[] = [];
    const fullRuns: ChildRun[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const f = await verify();
      const s = await cli('verify-db', '--url', url, '--seals', '--trusted-key', vkey, '--since-checkpoint', cpFile, '--json');
      console.log(
        `since ${i + 1}     full ${fmt(f.wallMs)} ms (${f.code === 0 ? 'clean' : `exit ${f.code}`}); ` +
          `--since-checkpoint ${fmt(s.wallMs)} ms (${s.code === 0 ? 'clean' : `exit ${s.code}`}), ${mb(s.peakRss)}`,
      );
      fullRuns.push(f);
      sinceRuns.push(s);
    }
    console.log(`machine     ${loadavg()} after the runs`);
    console.log('');
    console.log(`seal-v1 over ${fmt(ROWS)} rows, ratio = ceiling wall time / tool wall time (target ≥ 0.9, peak RSS ≤ 150 MB):`);
    console.log(
      ratioLine(
        'seal',
        seals.map((r) => r.wallMs),
        sealCeiling,
        seals.map((r) => r.peakRss),
      ),
    );
    console.log(
      ratioLine(
        'verify-seals',
        verifies.map((r) => r.wallMs),
        verifyCeiling,
        verifies.map((r) => r.peakRss),
      ),
    );
    const sinceMs = median(sinceRuns.map((r) => r.wallMs));
    const fullMs = median(fullRuns.map((r) => r.wallMs));
    console.log(
      `since-cp     ${fmt(sinceMs)} ms on ${fmt(ROWS)} sealed + ${fmt(added)} new rows, full pass ${fmt(fullMs)} ms: ` +
        `${((sinceMs / fullMs) * 100).toFixed(1)}% of a full pass (target ≤ 5%) ${sinceMs / fullMs <= 0.05 ? 'ok' : 'MISSED'} ` +
        `(${sinceRuns.map((r) => fmt(r.wallMs)).join(' / ')} vs ${fullRuns.map((r) => fmt(r.wallMs)).join(' / ')} ms)`,
    );
    console.log(
      `  (info)    seal ${fmt((ROWS / median(seals.map((r) => r.wallMs))) * 1000)} rows/s, verify ${fmt((ROWS / median(verifies.map((r) => r.wallMs))) * 1000)} rows/s`,
    );
  } finally {
    await scratch.dropAll();
    undo();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` rows after the newest horizon (copies of existing ones with a new id and time), with their db-v1 hashes. */
async function addRows(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE bench_new AS SELECT * FROM audit_logs LIMIT 0');
    await client.query(`INSERT INTO bench_new SELECT * FROM audit_logs ORDER BY created_at, id LIMIT $1`, [count]);
    await client.query(
      `UPDATE bench_new SET id = gen_random_uuid(), created_at = (clock_timestamp() AT TIME ZONE 'UTC') - interval '1 millisecond'`,
    );
    const { rows } = await client.query<Omit<DbV1Row, 'integrity_hash'> & { id: string }>(
      `SELECT id::text, trace_id::text, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at::text FROM bench_new`,
    );
    await client.query(
      'UPDATE bench_new b SET integrity_hash = h.hash FROM unnest($1::uuid[], $2::text[]) AS h(id, hash) WHERE b.id = h.id',
      [rows.map((r) => r.id), rows.map((r) => dbV1Hash(r))],
    );
    await client.query('INSERT INTO audit_logs SELECT * FROM bench_new');
    await client.query('VACUUM (ANALYZE) audit_logs');
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
