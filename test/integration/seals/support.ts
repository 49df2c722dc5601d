import { dbV1Hash, type DbV1Row } from '../../../src-main/integrity/db-v1';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { AUDIT_LOG_COLUMNS, type AuditLogColumn } from '../../../src-main/schema/audit-logs';
import { runGovcon as govcon, type CliRun } from '../../support/cli';
import { createTestDatabase, sql, type TestDatabase } from '../../support/test-db';

export { govcon, sql };

export const PASS = 'correct horse battery staple';
export const ENV = { GOVCON_KEY_PASSPHRASE: PASS };

export interface SealWorld {
  db: TestDatabase;
  dir: string;
  key: string;
  vkey: string;
  drop(): Promise<void>;
}

/** A fresh directory for key files and kept checkpoints. */
export function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `govcon-${prefix}-`));
}

/** A signing key file in `dir`; returns its path and verifier key. */
export async function makeKey(dir: string, name: string): Promise<{ key: string; vkey: string }> {
  const key = path.join(dir, `${name}.key`);
  const run = await govcon(['signing-key', 'create', '--out', key, '--name', name, '--json'], { env: ENV });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { key, vkey: (JSON.parse(run.stdout) as { verifier_key: string }).verifier_key };
}

/** An initialised database with demo data and a key; nothing sealed yet. */
export async function sealWorld(prefix: string, rows = 60): Promise<SealWorld> {
  const db = await createTestDatabase(prefix);
  const init = await govcon(['init', '--url', db.url, '--yes', '--json']);
  expect(init.code, init.stdout + init.stderr).toBe(0);
  const demo = await govcon(['demo', '--url', db.url, '--rows', String(rows), '--json']);
  expect(demo.code, demo.stdout + demo.stderr).toBe(0);
  const dir = await tempDir(prefix);
  const { key, vkey } = await makeKey(dir, 'officer-one');
  return {
    db,
    dir,
    key,
    vkey,
    drop: async () => {
      await db.drop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function seal(world: SealWorld, ...extra: string[]): Promise<CliRun> {
  return govcon(['seal', '--url', world.db.url, '--key', world.key, '--json', ...extra], { env: ENV });
}

export interface SealFinding {
  kind: string;
  reason: string | null;
  position: number | null;
  id: string | null;
  seal: number | null;
  detail: Record<string, unknown> | null;
}

export interface SealReportJson {
  outcome: string;
  format: string;
  sealed_rows: number;
  unsealed_rows: number;
  seals: number;
  findings: SealFinding[];
  signers: { name: string; key_id: string; trusted: boolean }[];
  not_covered: string;
  method: string;
}

export async function verifySeals(world: SealWorld, ...extra: string[]): Promise<{ run: CliRun; report: SealReportJson }> {
  const run = await govcon(['verify-db', '--url', world.db.url, '--seals', '--json', ...extra]);
  let report: SealReportJson;
  try {
    report = JSON.parse(run.stdout) as SealReportJson;
  } catch {
    throw new Error(`verify-db printed no JSON (exit ${run.code}): ${run.stdout}${run.stderr}`);
  }
  return { run, report };
}

/** The columns of audit_logs but id, in table order. */
export const AUDIT_COLUMNS_BUT_ID = AUDIT_LOG_COLUMNS.filter((c): c is Exclude<AuditLogColumn, 'id'> => c !== 'id');

/** Copies of audit_logs and the seal tables, to put back after each tampering. */
export async function backup(url: string): Promise<void> {
  await sql(
    url,
    `DROP TABLE IF EXISTS bk_audit, bk_seals, bk_leaves;
     CREATE TABLE bk_audit AS TABLE audit_logs;
     CREATE TABLE bk_seals AS TABLE console_seals;
     CREATE TABLE bk_leaves AS TABLE console_seal_leaves;`,
  );
}

export async function restore(url: string): Promise<void> {
  const set = AUDIT_COLUMNS_BUT_ID.join(', ');
  const from = AUDIT_COLUMNS_BUT_ID.map((c) => `b.${c}`).join(', ');
  await sql(
    url,
    `DELETE FROM audit_logs WHERE id NOT IN (SELECT id FROM bk_audit);
     INSERT INTO audit_logs SELECT * FROM bk_audit b WHERE NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.id = b.id);
     UPDATE audit_logs a SET (${set}) = (SELECT ${from} FROM bk_audit b WHERE b.id = a.id);
     DELETE FROM console_seal_leaves; INSERT INTO console_seal_leaves SELECT * FROM bk_leaves;
     DELETE FROM console_seals; INSERT INTO console_seals SELECT * FROM bk_seals;`,
  );
}

/** The audit_logs leaf at 0-based `index`: its row id (a row no execution refers to when `free`). */
export async function leafAt(url: string, index: number): Promise<{ id: string; position: number }> {
  const [row] = await sql<{ id: string }>(
    url,
    `SELECT l.row_id::text AS id FROM console_seal_leaves l JOIN console_seal_logs g USING (log_id)
      WHERE g.table_name = 'audit_logs' AND l.leaf_index = $1`,
    [index],
  );
  if (!row) throw new Error(`no leaf ${index}`);
  return { id: row.id, position: index + 1 };
}

/** Findings without db-v1's (which the seal findings are judged apart from). */
export function sealFindings(report: SealReportJson): SealFinding[] {
  return report.findings.filter((f) => f.kind !== 'db-v1');
}

/** Gives rows inserted with a placeholder hash (64 zeros) their db-v1 hash, so that only the seal findings remain. */
export async function fixDbV1Hashes(url: string): Promise<void> {
  const rows = await sql<Omit<DbV1Row, 'integrity_hash'> & { id: string }>(
    url,
    `SELECT id::text, trace_id::text, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at::text
       FROM audit_logs WHERE integrity_hash = repeat('0', 64)`,
  );
  for (const r of rows) await sql(url, 'UPDATE audit_logs SET integrity_hash = $1 WHERE id = $2', [dbV1Hash(r), r.id]);
}
