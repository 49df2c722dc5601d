import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../../src-main/shared/model/report';
import { seal, sealWorld, sql, verifySeals, type SealWorld } from './support';

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
});
