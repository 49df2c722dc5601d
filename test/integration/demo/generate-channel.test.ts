import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitialisedDatabase, type TestDatabase } from '../../support/test-db';
import { query, startRuntime, type RuntimeHarness } from '../runtime/support';

/** The window's "Generate demo data": a job into an empty database, refused on one with a trail. */
let db: TestDatabase;
let h: RuntimeHarness;
beforeAll(async () => {
  db = await createInitialisedDatabase('demo_channel');
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('demo/generate', () => {
  it('fills an empty database as a job, then refuses to add demo rows to a trail that has entries', async () => {
    const finished = await h.job('demo/generate', { rows: 300 });
    expect(finished).toMatchObject({ kind: 'demo-data', status: 'succeeded', result: { auditLogs: 300 } });
    const count = async () => (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM audit_logs'))[0]!.n;
    expect(await count()).toBe(300);
    expect(await h.failure('demo/generate', { rows: 10 })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('empty') });
    expect(await count()).toBe(300);
    expect(h.internal).toEqual([]);
  });
});
