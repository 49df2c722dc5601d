import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifySeals } from '../../../src-main/domains/seals/verify-seals';
import { parseVerifierKey } from '../../../src-main/integrity/note/note-keys';
import { seal, sealWorld, type SealWorld } from './support';

const ROWS = 20_000;
let world: SealWorld;
beforeAll(async () => {
  world = await sealWorld('seal_progress', ROWS);
  const run = await seal(world, '--margin', '0s');
  expect(run.code, run.stdout + run.stderr).toBe(0);
});
afterAll(async () => {
  await world?.drop();
});

it('verify-db --seals reports progress through the sealed rows, not only at the end', async () => {
  const calls: [number, number | null][] = [];
  const result = await verifySeals(
    { connectionString: world.db.url },
    {
      trusted: [parseVerifierKey(world.vkey)],
      progress: (done, total) => calls.push([done, total ?? null]),
    },
  );
  expect(result.findings).toEqual([]);
  const during = calls.filter(([, total]) => total === null).map(([done]) => done);
  // Every 8,192 rows of audit_logs, all of them sealed: 8,192 and 16,384 at least.
  expect(during).toEqual(expect.arrayContaining([8192, 16384]));
  expect(during).toEqual([...during].sort((a, b) => a - b));
  expect(calls.at(-1)![0]).toBe(calls.at(-1)![1]);
});
