import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, sealFindings, sealWorld, sql, verifySeals, govcon, type SealWorld } from './support';
import { VECTORS } from '../import/support';

/** Rows that arrive below an earlier horizon: a console import (sealed as late leaves), a back-dated row (--accept-late). */
let world: SealWorld;
let trusted: string[];
interface LogOut {
  table: string;
  sealed: boolean;
  leaves_added: number;
  late_imported: number;
  import_ids: string[];
  late_accepted: number;
  late_left: number;
}
const auditLog = (stdout: string) => (JSON.parse(stdout) as { logs: LogOut[] }).logs.find((l) => l.table === 'audit_logs')!;

beforeAll(async () => {
  world = await sealWorld('seal_late', 40);
  trusted = ['--trusted-key', world.vkey];
  const run = await seal(world, '--margin', '0s');
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await world?.drop();
});

describe('late rows', () => {
  it('seals rows imported after the last seal as late leaves, with their import id', async () => {
    const imported = await govcon(['import-jsonl', VECTORS, '--url', world.db.url, '--json']);
    const report = JSON.parse(imported.stdout) as { import_id: string; imported: number };
    expect(report.imported).toBeGreaterThan(0);
    // Before the next seal they are not yet sealed, not inserted.
    let { report: v } = await verifySeals(world, ...trusted);
    expect(sealFindings(v)).toEqual([]);
    expect(v.unsealed_rows).toBeGreaterThanOrEqual(report.imported);
    const run = await seal(world, '--margin', '0s');
    expect(run.code, run.stderr).toBe(0);
    expect(auditLog(run.stdout)).toMatchObject({
      sealed: true,
      late_imported: report.imported,
      import_ids: [report.import_id],
      late_left: 0,
    });
    const [row] = await sql<{ import_ids: string[]; late_imported: string }>(
      world.db.url,
      `SELECT import_ids::text[] AS import_ids, late_imported::text FROM console_seals s JOIN console_seal_logs g USING (log_id)
        WHERE g.table_name = 'audit_logs' ORDER BY seal_number DESC LIMIT 1`,
    );
    expect(row).toEqual({ import_ids: [report.import_id], late_imported: String(report.imported) });
    ({ report: v } = await verifySeals(world, ...trusted));
    expect(sealFindings(v)).toEqual([]);
  });

  it('leaves a back-dated row inserted until --accept-late, which records who accepted it', async () => {
    const [row] = await sql<{ id: string }>(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       VALUES (gen_random_uuid(), 'Late Larry', 'execute', 'backdated', 'success', repeat('0', 64), '2026-01-02 03:04:05') RETURNING id::text`,
    );
    let { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'inserted', position: null, id: row!.id })]);
    let run = await seal(world, '--margin', '0s');
    expect(run.code).toBe(0);
    expect(auditLog(run.stdout)).toMatchObject({ sealed: false, late_left: 1 });
    ({ report } = await verifySeals(world, ...trusted));
    expect(sealFindings(report).map((f) => f.kind)).toEqual(['inserted']);
    run = await govcon(
      [
        'seal',
        '--url',
        world.db.url,
        '--key',
        world.key,
        '--margin',
        '0s',
        '--accept-late',
        '--json',
        '--operator',
        'Ann Officer <ann@example.test>',
      ],
      {
        env: { GOVCON_KEY_PASSPHRASE: 'correct horse battery staple' },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(auditLog(run.stdout)).toMatchObject({ sealed: true, leaves_added: 1, late_accepted: 1 });
    const [sealRow] = await sql<{ late_accepted_by: string }>(
      world.db.url,
      `SELECT late_accepted_by FROM console_seals s JOIN console_seal_logs g USING (log_id)
        WHERE g.table_name = 'audit_logs' ORDER BY seal_number DESC LIMIT 1`,
    );
    expect(sealRow!.late_accepted_by).toBe('Ann Officer <ann@example.test>');
    ({ report } = await verifySeals(world, ...trusted));
    expect(sealFindings(report)).toEqual([]);
    expect(report.seals).toBeGreaterThanOrEqual(3);
  });
});
