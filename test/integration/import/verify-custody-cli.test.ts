import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGovcon as govcon } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { sql, VECTORS } from './support';

/** `govcon verify-custody`: imported rows re-proved from their original lines, via the CLI. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('custody_cli');
  expect((await govcon(['init', '--url', db.url, '--yes', '--json'])).code).toBe(0);
  expect((await govcon(['import-jsonl', VECTORS, '--url', db.url, '--json'])).code).toBe(1); // the vectors hold bad lines
});
afterAll(async () => {
  await db?.drop();
});

describe('govcon verify-custody', () => {
  it('re-proves every imported row and exits 0', async () => {
    const run = await govcon(['verify-custody', '--url', db.url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { total: number; ok: number; failed: number; not_covered: string };
    const [{ n }] = await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM console_import_lines');
    expect(result).toMatchObject({ total: n, ok: n, failed: 0 });
    expect(result.not_covered).toContain('user_id');
  });

  it('names a changed column and a deleted row, and exits 1', async () => {
    const [changed] = await sql<{ id: string }>(
      db.url,
      'UPDATE audit_logs SET parameters = \'{"edited": true}\' WHERE id = (SELECT audit_log_id FROM console_import_lines ORDER BY line_number LIMIT 1) RETURNING id::text',
    );
    await sql(
      db.url,
      'DELETE FROM audit_logs WHERE id = (SELECT audit_log_id FROM console_import_lines ORDER BY line_number DESC LIMIT 1)',
    );
    const run = await govcon(['verify-custody', '--url', db.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2 failed');
    expect(run.stdout).toContain(changed!.id);
    expect(run.stdout).toContain('parameters');
    expect(run.stdout).toContain('row-deleted');
  });

  it('refuses a stray argument as a usage error', async () => {
    const run = await govcon(['verify-custody', 'file.jsonl', '--url', db.url, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});
