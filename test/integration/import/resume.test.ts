import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCustody } from '../../../src-main/domains/import/custody-verify';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import type { TestDatabase } from '../../support/test-db';
import { recordFigure } from '../../support/figures';
import { count, HERE, importDatabase, lines, OPERATOR, PROJECT_ROOT, scratchDir, sql } from './support';

/**
 * An import killed mid-way (SIGKILL: no cleanup, no rollback by the client) leaves whole
 * batches only, and running it again completes it to exactly the right count.
 */

const LINES = 30_000;
const BATCH = 1000;

let db: TestDatabase;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  db = await importDatabase('import_resume');
  scratch = scratchDir();
});
afterAll(async () => {
  scratch?.remove();
  await db?.drop();
});

interface Killed {
  signal: NodeJS.Signals | null;
  code: number | null;
  /** The last "imported N" the child reported before it was killed. */
  reported: number;
  stderr: string;
}

/** Runs the child import and SIGKILLs it once it has reported `killAfter` imported lines. */
function importAndKill(url: string, file: string, killAfter: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'import.child.ts'), url, file, String(BATCH)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let reported = 0;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const m of stderr.matchAll(/imported (\d+)\n/g)) reported = Math.max(reported, Number(m[1]));
      if (reported >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, reported, stderr }));
  });
}

describe('an import killed mid-way', () => {
  it('leaves whole batches only, and a re-run completes it', async () => {
    const file = scratch.file('audit.jsonl', ...lines({ lines: LINES, seed: 99 }));
    const killed = await importAndKill(db.url, file, 3 * BATCH);
    expect(killed.signal, `the child finished before it was killed:\n${killed.stderr}`).toBe('SIGKILL');
    expect(killed.reported).toBeGreaterThanOrEqual(3 * BATCH);

    // The server rolls back the batch that was open; committed ones stay, whole.
    const [run] = await sql<{ id: string; status: string; finished_at: string | null }>(
      db.url,
      'SELECT id::text, status, finished_at::text FROM console_import_files',
    );
    expect(run).toMatchObject({ status: 'running', finished_at: null });
    // Every line of the file is ok and new, so batch k is exactly lines k·BATCH+1 … (k+1)·BATCH:
    // each batch must be there completely or not at all (two connections write batches side
    // by side, so the committed ones need not be the first ones).
    const batches = await sql<{ batch: string; n: string; first: string; last: string }>(
      db.url,
      `SELECT ((line_number - 1) / $2)::text AS batch, count(*)::text AS n, min(line_number)::text AS first, max(line_number)::text AS last
         FROM console_import_lines WHERE file_id = $1 GROUP BY 1 ORDER BY 1::int`,
      [run!.id, BATCH],
    );
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const b of batches) {
      const k = Number(b.batch);
      expect([Number(b.n), Number(b.first), Number(b.last)], `batch ${k}`).toEqual([BATCH, k * BATCH + 1, (k + 1) * BATCH]);
    }
    const committed = batches.length * BATCH;
    expect(committed).toBeGreaterThanOrEqual(killed.reported);
    expect(committed).toBeLessThan(LINES);
    expect(await count(db.url, 'audit_logs')).toBe(committed);
    const orphans = await sql(
      db.url,
      'SELECT 1 FROM console_import_lines l LEFT JOIN audit_logs a ON a.id = l.audit_log_id WHERE a.id IS NULL',
    );
    expect(orphans).toEqual([]);

    const rest = await importJsonlFile({ connectionString: db.url }, file, { operator: OPERATOR, batchSize: BATCH });
    // The next import closed the killed run's record: interrupted, with what it committed.
    const [closed] = await sql<{ status: string; imported: string; finished: boolean }>(
      db.url,
      'SELECT status, imported::text, finished_at IS NOT NULL AS finished FROM console_import_files WHERE id = $1',
      [run!.id],
    );
    expect(closed).toEqual({ status: 'interrupted', imported: String(committed), finished: true });
    recordFigure('import-killed-record', {
      what: 'An import SIGKILLed mid-way, then run again',
      inputs: 1,
      failures: 0,
      detail: `the killed run's record closed as interrupted with its ${committed} committed lines; the rerun completed the set exactly`,
    });
    expect(rest).toMatchObject({ total: LINES, imported: LINES - committed, already_present: committed, duplicates: 0, rejected_total: 0 });
    expect(await count(db.url, 'audit_logs')).toBe(LINES);
    expect(await count(db.url, 'console_import_lines')).toBe(LINES);
    const [distinct] = await sql<{ n: string }>(db.url, 'SELECT count(DISTINCT trace_id)::text AS n FROM audit_logs');
    expect(Number(distinct!.n)).toBe(LINES);

    expect(await verifyDatabase({ connectionString: db.url })).toMatchObject({ total: LINES, ok: LINES, tampered: 0, unverifiable: 0 });
    expect(await verifyCustody({ connectionString: db.url })).toMatchObject({ total: LINES, ok: LINES, failed: 0 });
  }, 240_000);
});
