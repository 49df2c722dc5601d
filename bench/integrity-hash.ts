/**
 * Micro-benchmark of the integrity engine (no database, no files):
 * - db-v1: COPY TEXT parsing + hashing of synthetic audit rows held in memory, fed in
 *   64 KiB chunks as `COPY … TO STDOUT` delivers them;
 * - jsonl-v1: line verification of the shared log vectors, repeated.
 *
 * Run: npx tsx bench/integrity-hash.ts [rows]   (prints figures; asserts nothing)
 * Wall-clock figures depend on what else runs on the machine; CPU figures (user + system
 * time of this process, all its threads, so GC helpers too) less so.
 * DUMP_COPY=<file> also writes the synthetic COPY data, e.g. to load it into a table
 * (`\copy audit_logs FROM …`) and compare with psql reading the same COPY.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CopyTextParser, verifyAuditCopyRow } from '../src-main/integrity/copy-text';
import type { CopyRow } from '../src-main/integrity/copy-text';
import { dbV1Hash, verifyDbV1Values } from '../src-main/integrity/db-v1';
import { verifyJsonlLine } from '../src-main/integrity/jsonl-v1';
import { LineSplitter } from '../src-main/integrity/line-splitter';

const ROWS = Number(process.argv[2] ?? 500_000);
const CHUNK = 64 * 1024;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function time(fn: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Best of `runs` (the first run also warms the JIT up). */
function best(runs: number, fn: () => void): Timing {
  let result: Timing | null = null;
  for (let i = 0; i < runs; i++) {
    const t = time(fn);
    if (result === null || t.wallMs < result.wallMs) result = t;
  }
  return result!;
}

function report(label: string, count: number, unit: string, bytes: number, t: Timing): void {
  const perSec = (ms: number) => Math.round((count / ms) * 1000).toLocaleString('en-US');
  const mbps = (ms: number) => (((bytes / ms) * 1000) / 1e6).toFixed(0);
  console.log(
    `${label.padEnd(44)} ${perSec(t.wallMs).padStart(10)} ${unit}/s wall (${mbps(t.wallMs)} MB/s)   ` +
      `${perSec(t.cpuMs).padStart(10)} ${unit}/s CPU`,
  );
}

// --- db-v1 over COPY TEXT -----------------------------------------------------------------

const NAMES = ['Jake Smith', 'Zoë Ångström', '李小龍', 'Émile 😀 Dupont', 'O\'Brien "Ops"', 'Ana\\Backslash', 'Tab\tName', 'Line\nBreak'];
const ROLES = ['SRE', 'Auditor', 'DevOps Engineer', 'Product Lead', null];
const MODES = ['draft', 'research', 'grunt', 'execute'];
const WORKFLOWS = ['deploy-to-staging', 'sync-slack', 'rotate_keys', 'db-backup', 'carbon-report'];
const OUTCOMES = ['success', 'failure', 'rejected'];

function copyEscape(v: string | null): string {
  if (v === null) return '\\N';
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function pgTimestamp(ms: number, micros: number): string {
  const iso = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  if (micros === 0) return iso;
  return iso + '.' + String(micros).padStart(6, '0').replace(/0+$/, '');
}

function syntheticCopy(rows: number): Buffer {
  const parts: string[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i++) {
    const row = {
      trace_id: crypto.randomUUID(),
      actor_name: NAMES[i % NAMES.length]!,
      actor_email: i % 5 === 0 ? null : `user${i % 1000}@example.org`,
      actor_role: ROLES[i % ROLES.length]!,
      drag_mode: MODES[i % MODES.length]!,
      workflow_name: WORKFLOWS[i % WORKFLOWS.length]!,
      outcome: OUTCOMES[i % OUTCOMES.length]!,
      created_at: pgTimestamp(start + i * 1000, (i * 7919) % 1_000_000),
    };
    const hash = i % 100 === 0 ? '0'.repeat(64) : dbV1Hash(row)!; // 1 % tampered
    const fields = [
      crypto.randomUUID(),
      row.trace_id,
      row.actor_name,
      row.actor_email,
      row.actor_role,
      row.drag_mode,
      row.workflow_name,
      row.outcome,
      row.created_at,
      hash,
    ];
    parts.push(fields.map(copyEscape).join('\t') + '\n');
  }
  return Buffer.from(parts.join(''), 'utf8');
}

function chunks(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

console.log(`node ${process.version}, ${ROWS.toLocaleString('en-US')} synthetic audit rows`);
const copyData = syntheticCopy(ROWS);
if (process.env.DUMP_COPY) fs.writeFileSync(process.env.DUMP_COPY, copyData);
const copyChunks = chunks(copyData, CHUNK);
console.log(`COPY TEXT: ${(copyData.length / 1e6).toFixed(1)} MB in ${copyChunks.length} chunks of ${CHUNK / 1024} KiB\n`);

report(
  'db-v1: COPY TEXT parse',
  ROWS,
  'rows',
  copyData.length,
  best(3, () => {
    const parser = new CopyTextParser();
    const onRow = (_row: CopyRow) => {};
    for (const chunk of copyChunks) parser.push(chunk, onRow);
    parser.end();
  }),
);

const parsed: CopyRow[] = [];
{
  const parser = new CopyTextParser();
  for (const chunk of copyChunks) parser.push(chunk, (row) => parsed.push(row));
  parser.end();
}
report(
  'db-v1: hash + verdict (rows already parsed)',
  ROWS,
  'rows',
  copyData.length,
  best(3, () => {
    for (const r of parsed) verifyDbV1Values(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
  }),
);

let ok = 0;
let tampered = 0;
report(
  'db-v1: COPY TEXT parse + hash + verdict',
  ROWS,
  'rows',
  copyData.length,
  best(3, () => {
    ok = 0;
    tampered = 0;
    const parser = new CopyTextParser();
    const onRow = (row: CopyRow) => {
      if (verifyAuditCopyRow(row).verdict === 'ok') ok++;
      else tampered++;
    };
    for (const chunk of copyChunks) parser.push(chunk, onRow);
    parser.end();
  }),
);
console.log(`  (verdicts: ${ok} ok, ${tampered} tampered)\n`);

// --- jsonl-v1 -------------------------------------------------------------------------------

const vectorFile = path.resolve(import.meta.dirname ?? '.', '../test/fixtures/vectors/audit-v1.jsonl');
const vectors = fs.readFileSync(vectorFile);
const repeat = Math.max(1, Math.round(200_000 / 66));
const log = Buffer.concat(Array.from({ length: repeat }, () => vectors));
const logLines = vectors.toString('latin1').split('\n').length - 1;
const lineCount = logLines * repeat;
const logChunks = chunks(log, 1 << 20);
console.log(
  `jsonl-v1: the ${logLines} vector lines × ${repeat} = ${lineCount.toLocaleString('en-US')} lines, ${(log.length / 1e6).toFixed(1)} MB`,
);

const lines: Buffer[] = [];
{
  const splitter = new LineSplitter();
  for (const c of logChunks) splitter.push(c, (l) => lines.push(Buffer.from(l)));
  splitter.end((l) => lines.push(Buffer.from(l)));
}
report(
  'jsonl-v1: verify lines (already split)',
  lineCount,
  'lines',
  log.length,
  best(3, () => {
    for (const l of lines) verifyJsonlLine(l);
  }),
);
report(
  'jsonl-v1: split + verify (1 MiB chunks)',
  lineCount,
  'lines',
  log.length,
  best(3, () => {
    const splitter = new LineSplitter();
    const onLine = (l: Uint8Array) => {
      verifyJsonlLine(l);
    };
    for (const c of logChunks) splitter.push(c, onLine);
    splitter.end(onLine);
  }),
);
