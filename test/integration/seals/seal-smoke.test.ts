import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, sealWorld, sql, type SealWorld } from './support';

let world: SealWorld;
beforeAll(async () => {
  world = await sealWorld('seal_smoke');
});
afterAll(async () => {
  await world?.drop();
});

describe('govcon seal', () => {
  it('seals the demo rows and then has nothing to seal', async () => {
    const run = await seal(world);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { logs: { table: string; sealed: boolean; leaves_added: number }[] };
    console.log(run.stdout);
    const [{ n }] = await sql<{ n: number }>(world.db.url, 'SELECT count(*)::int AS n FROM audit_logs');
    expect(out.logs[0]).toMatchObject({ table: 'audit_logs', sealed: true, leaves_added: n });
    const again = await seal(world);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { logs: { sealed: boolean }[] }).logs[0]!.sealed).toBe(false);
  });
});
