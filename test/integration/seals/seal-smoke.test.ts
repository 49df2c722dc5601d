import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../../src-main/shared/model/report';
import { govcon, seal, sealWorld, sql, verifySeals, type SealWorld } from './support';

let world: SealWorld;
beforeAll(async () => {
  world = await sealWorld('seal_smoke');
});
afterAll(async () => {
  await world?.drop();
});

describe('govcon seal, then verify-db --seals', () => {
  it('reports unsealed (exit 1) before the first seal', async () => {
    const { run, report } = await verifySeals(world, '--trusted-key', world.vkey);
    expect(run.code).toBe(1);
    expect(report.findings.map((f) => f.kind)).toContain('unsealed');
  });

  it('seals the demo rows, verifies clean, and then has nothing to seal', async () => {
    const run = await seal(world, '--margin', '0s');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { logs: { table: string; sealed: boolean; leaves_added: number }[] };
    const [{ n }] = await sql<{ n: number }>(world.db.url, 'SELECT count(*)::int AS n FROM audit_logs');
    expect(out.logs[0]).toMatchObject({ table: 'audit_logs', sealed: true, leaves_added: n });
    expect(out.logs[1]).toMatchObject({ table: 'console_events', sealed: true });
    const { run: v, report } = await verifySeals(world, '--trusted-key', world.vkey);
    expect(report.findings).toEqual([]);
    expect(v.code).toBe(0);
    expect(reportSchema.parse(JSON.parse(v.stdout))).toMatchObject({ format: 'seal-v1', outcome: 'clean' });
    expect(report.sealed_rows).toBeGreaterThanOrEqual(n);
    expect(report.signers).toEqual([{ name: 'officer-one', key_id: world.vkey.split('+')[1], trusted: true }]);
    const again = await seal(world);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { logs: { sealed: boolean }[] }).logs[0]!.sealed).toBe(false);
  });

  it('lets two sealers at once append one after the other, never forking the log', async () => {
    await sql(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       SELECT gen_random_uuid(), 'Concurrent', 'execute', 'race-' || g, 'success', repeat('0', 64) FROM generate_series(1, 5) g`,
    );
    const [a, b] = await Promise.all([seal(world, '--margin', '0s'), seal(world, '--margin', '0s')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const audit = (run: { stdout: string }) => (JSON.parse(run.stdout) as { logs: { sealed: boolean; leaves_added: number }[] }).logs[0]!;
    const made = [audit(a), audit(b)].filter((l) => l.sealed);
    expect(made).toEqual([expect.objectContaining({ leaves_added: 5 })]);
    const numbers = await sql<{ n: number }>(
      world.db.url,
      `SELECT seal_number AS n FROM console_seals s JOIN console_seal_logs g USING (log_id) WHERE g.table_name = 'audit_logs' ORDER BY 1`,
    );
    expect(numbers.map((r) => r.n)).toEqual([1, 2]);
    const { report } = await verifySeals(world, '--trusted-key', world.vkey);
    expect(report.findings.filter((f) => f.kind !== 'db-v1')).toEqual([]);
  });

  it('prints a break for a person with its leaf, seal and id, and exits 1', async () => {
    const [row] = await sql<{ id: string }>(
      world.db.url,
      `UPDATE audit_logs SET error = 'rewritten' WHERE id = (SELECT row_id FROM console_seal_leaves l JOIN console_seal_logs g USING (log_id)
        WHERE g.table_name = 'audit_logs' AND leaf_index = 2) RETURNING id::text`,
    );
    const run = await govcon(['verify-db', '--url', world.db.url, '--seals', '--trusted-key', world.vkey]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`leaf 3 (seal 1) ${row!.id}: modified (leaf-hash-mismatch)`);
    expect(run.stdout).toContain('not yet sealed');
  });
});
