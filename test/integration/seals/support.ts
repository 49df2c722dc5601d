import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
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
