import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLine, type MappedAuditRow } from '../../../src-main/domains/import/map-line';
import { custodyReportSchema, importReportSchema, type ImportReport } from '../../../src-main/shared/model/report';
import { runGovcon as govcon } from '../../support/cli';
import type { TestDatabase } from '../../support/test-db';
import { count, importDatabase, lines, scratchDir, sql, VECTORS } from './support';

/**
 * `govcon import-jsonl --json` and `govcon verify-custody --json` print govcon/v2 reports; a
 * line whose row the database already holds with other values is a finding, never merged.
 */
let db: TestDatabase;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  db = await importDatabase('import_report');
  scratch = scratchDir();
});
afterAll(async () => {
  scratch?.remove();
  await db?.drop();
});

function report(stdout: string): ImportReport {
  return importReportSchema.parse(JSON.parse(stdout));
}

/** Writes the row the service would have written for `line`, with `changes` applied. */
async function serviceRow(line: string, changes: Partial<MappedAuditRow> = {}): Promise<string> {
  const r = importLine(Buffer.from(line, 'utf8'));
  if (r.status !== 'ok') throw new Error(`not an importable line: ${r.status}`);
  const row = { ...r.row, ...changes };
  const [inserted] = await sql<{ id: string }>(
    db.url,
    `INSERT INTO audit_logs (trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome, error,
                             duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria,
                             integrity_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::numeric, $11::jsonb, $12::jsonb, $13, $14::jsonb, $15, $16::timestamp)
     RETURNING id::text`,
    [
      row.trace_id,
      row.actor_name,
      row.actor_email,
      row.actor_role,
      row.drag_mode,
      row.workflow_name,
      row.parameters,
      row.outcome,
      row.error,
      row.duration_seconds,
      row.input_sources,
      row.input_constraints,
      row.mission_objective,
      row.mission_success_criteria,
      row.integrity_hash,
      row.created_at,
    ],
  );
  return inserted!.id;
}

describe('import-jsonl: a row already in the database is compared in every column the line maps to', () => {
  it('reports differs-from-database with the columns named, exits 1, and leaves the row as it was', async () => {
    const [same, edited, fresh] = lines({ lines: 3, seed: 808 });
    await serviceRow(same!);
    const editedId = await serviceRow(edited!, { parameters: '{"environment": "tampered"}', error: 'rewritten later' });
    const file = scratch.file('differs.jsonl', same!, edited!, fresh!);
    const before = await sql(db.url, 'SELECT * FROM audit_logs WHERE id = $1', [editedId]);

    const run = await govcon(['import-jsonl', file, '--url', db.url, '--json']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r).toMatchObject({ outcome: 'findings', total: 3, imported: 1, matched_existing: 1, differs: 1, rejected: 0, ok: 2 });
    expect(r.findings).toEqual([
      {
        kind: 'differs-from-database',
        reason: null,
        position: 2,
        id: editedId,
        line: 2,
        seal: null,
        detail: { columns: ['parameters', 'error'] },
      },
    ]);
    // Never merged: the row is untouched, and no custody line claims it.
    expect(await sql(db.url, 'SELECT * FROM audit_logs WHERE id = $1', [editedId])).toEqual(before);
    expect(await count(db.url, 'console_import_lines')).toBe(1);
    const text = await govcon(['import-jsonl', file, '--url', db.url]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`line 2 ${editedId}: differs from the database — differs in parameters, error`);
  });

  it('prints rejected lines as findings of their kind, never with verdict "ok"', async () => {
    const run = await govcon(['import-jsonl', VECTORS, '--url', db.url, '--json', '--all']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r.subject).toMatchObject({
      type: 'file',
      path: VECTORS,
      name: 'audit-v1.jsonl',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.findings[0]).toMatchObject({ kind: 'tampered', reason: 'hash-mismatch', line: 8, position: 8 });
    expect(r.findings.find((f) => f.line === 25)).toMatchObject({ kind: 'not-importable', reason: 'bad-duration' });
    expect(r.findings.map((f) => f.kind)).not.toContain('ok');
    expect(JSON.stringify(r.findings)).not.toContain('"verdict"');
    expect(r.entries).toHaveLength(r.total);
    expect(r.entries!.find((e) => e.position === 8)).toEqual({ position: 8, verdict: 'tampered', reason: 'hash-mismatch', id: null });
    expect(r.entries!.filter((e) => e.verdict === 'imported')).toHaveLength(r.imported);
  });

  it('an empty file is a finding (kind empty), exit 1', async () => {
    const empty = path.join(scratch.dir, 'empty.jsonl');
    fs.writeFileSync(empty, '');
    const run = await govcon(['import-jsonl', empty, '--url', db.url, '--json']);
    expect(run.code).toBe(1);
    expect(report(run.stdout).findings).toEqual([expect.objectContaining({ kind: 'empty', reason: 'no-lines' })]);
  });
});

describe('verify-custody --json', () => {
  it('is a custody-v1 report over the database, its scope named', async () => {
    const run = await govcon(['verify-custody', '--url', db.url, '--json']);
    expect(run.code, run.stdout).toBe(0);
    const r = custodyReportSchema.parse(JSON.parse(run.stdout));
    const lines = await count(db.url, 'console_import_lines');
    expect(r).toMatchObject({ outcome: 'clean', total: lines, ok: lines, failed: 0, import_id: null, audit_log_id: null });
    expect(r.subject).toMatchObject({ type: 'database', database: db.name, rows: lines });
  });
});
