/**
 * Import benchmark (issue 4, "Speed"): generates a valid jsonl-v1 file (real hashes), imports
 * it into a scratch database on the local server (created and dropped here), and prints
 * lines/s and peak RSS. Target: ≥ 30,000 lines/s.
 *
 *   npx tsx bench/import-bench.ts [--lines N] [--batch N] [--keep-file]
 *
 * The server comes from BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initialise } from '../src-main/db/migrator';
import { createSequelize } from '../src-main/db/sequelize';
import { quoteIdentifier } from '../src-main/db/sql-identifier';
import { importJsonlFile, verifyCustody } from '../src-main/services/import-jsonl';
import { writeSampleLog } from '../src-main/services/import-jsonl-sample';
import { verifyDatabase } from '../src-main/services/verify-db';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number`);
  return n;
}

const LINES = arg('lines', 200_000);
const BATCH = arg('batch', 5000);
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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-import-bench-'));
  const file = path.join(dir, 'audit.jsonl');
  const database = `govcon_bench_import_${crypto.randomBytes(4).toString('hex')}`;
  const url = withDatabase(ADMIN_URL, database);
  let created = false;
  try {
    let t = Date.now();
    const written = await writeSampleLog(file, { lines: LINES, seed: 7 });
    console.log(`generated ${written.lines.toLocaleString('en-US')} lines (${mb(written.bytes)}) in ${Date.now() - t} ms: ${file}`);

    await admin(`CREATE DATABASE ${quoteIdentifier(database)}`);
    created = true;
    const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'import-bench', email: null } });
    } finally {
      await sequelize.close();
    }

    // Peak RSS of the import itself, sampled (the process's maxRSS also counts the generator).
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    t = Date.now();
    const result = await importJsonlFile({ connectionString: url }, file, {
      operator: { name: 'import-bench', email: null },
      batchSize: BATCH,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage.rss());
      },
    });
    const importMs = Date.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    if (result.imported !== LINES || result.rejected_total !== 0) {
      throw new Error(`expected ${LINES} imported and none rejected, got ${result.imported} imported, ${result.rejected_total} rejected`);
    }
    console.log(
      `import      ${result.imported.toLocaleString('en-US')} lines in ${importMs} ms: ${rate(result.imported, importMs)} lines/s ` +
        `(${mb(result.size / (importMs / 1000))}/s), batch ${BATCH}`,
    );
    console.log(`peak RSS    ${mb(peak)} during the import (${mb(rssBefore)} before it); process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);

    t = Date.now();
    const again = await importJsonlFile({ connectionString: url }, file, { operator: { name: 'import-bench', email: null }, batchSize: BATCH });
    const againMs = Date.now() - t;
    console.log(`re-import   ${again.already_present.toLocaleString('en-US')} already present, ${again.imported} imported, in ${againMs} ms: ${rate(again.total, againMs)} lines/s`);

    t = Date.now();
    const verified = await verifyDatabase({ connectionString: url });
    console.log(`verify-db   ${verified.ok.toLocaleString('en-US')}/${verified.total.toLocaleString('en-US')} ok in ${Date.now() - t} ms`);
    t = Date.now();
    const custody = await verifyCustody({ connectionString: url });
    console.log(`custody     ${custody.ok.toLocaleString('en-US')}/${custody.total.toLocaleString('en-US')} re-proved in ${Date.now() - t} ms: ${rate(custody.total, Date.now() - t)} lines/s`);
    const target = 30_000;
    const achieved = (result.imported / importMs) * 1000;
    console.log(`target      ≥ ${target.toLocaleString('en-US')} lines/s: ${achieved >= target ? 'met' : 'NOT met'}`);
  } finally {
    if (created) await admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`).catch((e: unknown) => console.error(`could not drop ${database}: ${String(e)}`));
    if (!process.argv.includes('--keep-file')) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
