import { COMMANDS } from '../../../src-main/cli/commands';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbV1ReportSchema, type DbV1Report } from '../../../src-main/shared/model/report';
import type { TestDatabase } from '../../support/test-db';
import { govcon, sql, verifyDatabaseFixture } from './support';

/**
 * `govcon verify-db --json` prints the govcon/v2 report (docs/cli.md): every finding with its
 * kind and reason, the database judged (server, name, snapshot time, rows), nothing promised
 * that does not exist yet, and an empty table is a finding.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await verifyDatabaseFixture('verify_report');
});
afterAll(async () => {
  await db?.drop();
});

function report(stdout: string): DbV1Report {
  return dbV1ReportSchema.parse(JSON.parse(stdout));
}

describe('govcon verify-db --json', () => {
  it('an empty audit_logs table is a finding of its own (kind empty), exit 1', async () => {
    const run = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r).toMatchObject({ outcome: 'findings', total: 0, ok: 0 });
    expect(r.findings).toEqual([{ kind: 'empty', reason: 'no-rows', position: null, id: null, line: null, seal: null, detail: null }]);
  });

  it('tells tampered rows from unverifiable ones, and names the database and snapshot it judged', async () => {
    await govcon(['demo', '--url', db.url, '--rows', '40', '--json']);
    const [tampered] = await sql<{ id: string }>(
      db.url,
      `UPDATE audit_logs SET actor_name = actor_name || '!' WHERE id = (SELECT id FROM audit_logs ORDER BY created_at, id LIMIT 1 OFFSET 4)
       RETURNING id::text`,
    );
    const [unverifiable] = await sql<{ id: string }>(
      db.url,
      `UPDATE audit_logs SET integrity_hash = 'not-a-hash' WHERE id = (SELECT id FROM audit_logs ORDER BY created_at, id LIMIT 1 OFFSET 9)
       RETURNING id::text`,
    );
    const run = await govcon(['verify-db', '--url', db.url, '--json', '--operator', 'Ada Auditor <ada@example.org>']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r).toMatchObject({
      outcome: 'findings',
      total: 40,
      ok: 38,
      tampered: 1,
      unverifiable: 1,
      operator: 'Ada Auditor <ada@example.org>',
    });
    expect(r.findings).toEqual([
      {
        kind: 'tampered',
        reason: 'hash-mismatch',
        position: 5,
        id: tampered!.id,
        line: null,
        seal: null,
        detail: expect.objectContaining({ trace_id: expect.any(String), stored: expect.any(String), computed: expect.any(String) }),
      },
      expect.objectContaining({ kind: 'unverifiable', reason: 'bad-stored-hash', position: 10, id: unverifiable!.id }),
    ]);
    const [facts] = await sql<{ version: string }>(db.url, "SELECT current_setting('server_version') AS version");
    const u = new URL(db.url);
    expect(r.subject).toEqual({
      type: 'database',
      server: `${u.hostname}:${u.port || 5432}`,
      server_version: facts!.version,
      database: db.name,
      snapshot_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      rows: 40,
    });
    // What is true today: deleted rows are invisible to db-v1, and what covers them is named by
    // commands that exist (sealing has landed).
    expect(r.not_covered).toMatch(/deleted rows/);
    expect(r.not_covered).toMatch(/govcon seal, then verify-db --seals/);
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(['seal', 'verify-db']));
    expect(COMMANDS.find((c) => c.name === 'verify-db')!.usage).toContain('--seals');
    expect(r.entries).toBeUndefined();

    const all = report((await govcon(['verify-db', '--url', db.url, '--json', '--all'])).stdout);
    expect(all.entries).toHaveLength(40);
    expect(all.entries![4]).toEqual({ position: 5, verdict: 'tampered', reason: 'hash-mismatch', id: tampered!.id });
    expect(all.entries![0]).toMatchObject({ position: 1, verdict: 'ok', reason: null });

    const text = await govcon(['verify-db', '--url', db.url]);
    expect(text.stdout).toContain('40 rows — 38 ok, 1 tampered, 1 unverifiable');
    expect(text.stdout).toContain(`row 5 ${tampered!.id}: tampered (hash-mismatch)`);
    expect(text.stdout).toContain(`database ${db.name} on `);
  });
});
