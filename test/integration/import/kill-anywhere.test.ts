import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCustody } from '../../../src-main/domains/import/custody-verify';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import type { TestDatabase } from '../../support/test-db';
import { count, HERE, importDatabase, lines, OPERATOR, PROJECT_ROOT, scratchDir, sql } from './support';

/**
 * An import SIGKILLed ten times at random points (before it connects, while it hashes the
 * file, in the middle of a batch's COPY, between commits) and then run to its end has
 * imported exactly the file: every line once, nothing else.
 */

const LINES = 12_000;
const BATCH = 400;
const KILLS = 10;

let db: TestDatabase;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  db = await importDatabase('import_kill10');
  scratch = scratchDir();
});
afterAll(async () => {
  scratch?.remove();
  await db?.drop();
});

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/**
 * Runs the child import and SIGKILLs it `delayMs` after it has reported `after` lines imported
 * in this run, or (`after` 0) `delayMs` after it started importing. Resolves with how it ended.
 */
function importAndKill(url: string, file: string, after: number, delayMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'import.child.ts'), url, file, String(BATCH)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let armed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const reached =
        after === 0 ? stderr.includes('started\n') : [...stderr.matchAll(/imported (\d+)\n/g)].some((m) => Number(m[1]) >= after);
      if (reached && !armed) {
        armed = true;
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve(signal));
  });
}

describe('an import killed ten times at random points', () => {
  it('ends, once run again, with exactly the complete set', async () => {
    const file = scratch.file('audit.jsonl', ...lines({ lines: LINES, seed: 4242 }));
    const next = random(20261201);
    let killed = 0;
    for (let k = 0; k < KILLS; k++) {
      // Half of the kills land 0–80 ms into the run (connecting, locking, hashing the file, the
      // first batches), the others 0–40 ms after its first commits.
      const after = next() < 0.5 ? 0 : 1 + Math.floor(next() * 300);
      const signal = await importAndKill(db.url, file, after, Math.floor(next() * (after === 0 ? 80 : 40)));
      if (signal === 'SIGKILL') killed++;
      // Whatever was cut short, both tables hold the same lines: a batch's rows and custody commit together.
      const rows = await count(db.url, 'audit_logs');
      expect(await count(db.url, 'console_import_lines'), `after kill ${k + 1}`).toBe(rows);
      const orphans = await sql(
        db.url,
        `SELECT 1 FROM console_import_lines l FULL JOIN audit_logs a ON a.id = l.audit_log_id WHERE a.id IS NULL OR l.audit_log_id IS NULL`,
      );
      expect(orphans, `after kill ${k + 1}`).toEqual([]);
    }
    expect(killed).toBe(KILLS);
    const committed = await count(db.url, 'audit_logs');
    expect(committed).toBeLessThan(LINES);

    const rest = await importJsonlFile({ connectionString: db.url }, file, { operator: OPERATOR, batchSize: BATCH });
    expect(rest).toMatchObject({ total: LINES, imported: LINES - committed, already_present: committed, duplicates: 0, rejected_total: 0 });
    expect(await count(db.url, 'audit_logs')).toBe(LINES);
    expect(await count(db.url, 'console_import_lines')).toBe(LINES);
    const [distinct] = await sql<{ traces: string; lines: string }>(
      db.url,
      `SELECT count(DISTINCT a.trace_id)::text AS traces, count(DISTINCT l.line_number)::text AS lines
         FROM audit_logs a JOIN console_import_lines l ON l.audit_log_id = a.id`,
    );
    expect(distinct).toEqual({ traces: String(LINES), lines: String(LINES) });
    // The killed runs that had begun are closed as 'interrupted' by the next import (none stays
    // 'running' for ever, as it did before); the last one completed.
    const runs = await sql<{ status: string; n: string }>(
      db.url,
      'SELECT status, count(*)::text AS n FROM console_import_files GROUP BY 1',
    );
    const byStatus = Object.fromEntries(runs.map((r) => [r.status, Number(r.n)]));
    expect(byStatus.completed).toBe(1);
    expect(byStatus.interrupted ?? 0).toBeLessThanOrEqual(KILLS);
    expect(byStatus.running).toBeUndefined();
    expect(Object.keys(byStatus).filter((s) => s !== 'completed' && s !== 'interrupted')).toEqual([]);

    expect(await verifyDatabase({ connectionString: db.url })).toMatchObject({ total: LINES, ok: LINES, tampered: 0, unverifiable: 0 });
    expect(await verifyCustody({ connectionString: db.url })).toMatchObject({ total: LINES, ok: LINES, failed: 0 });
  }, 240_000);
});
