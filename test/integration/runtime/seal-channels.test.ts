import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReportSchema } from '../../../src-main/shared/model/report';
import { runGovcon } from '../../support/cli';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';
import { startRuntime, type RuntimeHarness } from './support';

/** The Integrity page's seal channels: the app's key, seal as a job, status, verify as a job. */
let db: TestDatabase;
let h: RuntimeHarness;
beforeAll(async () => {
  db = await createInitialisedDatabase('seal_channels');
  expect((await runGovcon(['demo', '--url', db.url, '--rows', '25', '--json'])).code).toBe(0);
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('seal channels', () => {
  it('shows an unsealed database, refuses to seal without a key, then makes the app key once', async () => {
    const before = await h.call('seals/status', {});
    expect(before).toMatchObject({ has_seal_tables: true, app_key: null });
    expect(before.logs[0]).toMatchObject({ table: 'audit_logs', tree_size: 0, rows: 25, unsealed_rows: 25, seals: [] });
    expect((await h.failure('seals/seal', {})).code).toBe('NOT_FOUND');
    const key = await h.call('seals/create-key', { name: 'console-officer' });
    expect(key.vkey).toMatch(/^console-officer\+[0-9a-f]{8}\+/);
    // Kept in the secret store, not in a file.
    expect(await h.secrets.get('govcon-signing-key')).toContain('pkcs8');
    expect((await h.failure('seals/create-key', { name: 'another' })).code).toBe('CONFLICT');
    expect((await h.failure('seals/create-key', { name: 'has space' })).code).toBe('VALIDATION');
  });

  it('seals as a job with progress, keeps the checkpoint in the data folder, and shows the seal with its signer', async () => {
    const done = await h.job('seals/seal', { marginSeconds: 0 });
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    const status = await h.call('seals/status', {});
    const key = status.app_key!;
    const audit = status.logs[0]!;
    expect(audit).toMatchObject({ tree_size: 25, unsealed_rows: 0 });
    expect(audit.seals).toEqual([
      expect.objectContaining({
        seal_number: 1,
        previous_size: 0,
        tree_size: 25,
        signers: [{ name: 'console-officer', key_id: key.vkey.split('+')[1] }],
      }),
    ]);
    expect(fs.readdirSync(path.join(h.dataDir, 'checkpoints'))).toHaveLength(2);
  });

  it('verifies with the seals as a job whose result is a seal-v1 report, and names breaks', async () => {
    const { vkey } = (await h.call('seals/status', {})).app_key!;
    let done = await h.job('seals/verify', { trustedKeys: [vkey] });
    expect(done.status).toBe('succeeded');
    expect(sealReportSchema.parse(done.result)).toMatchObject({ outcome: 'clean', sealed_rows: expect.any(Number), seals: 2 });
    await sql(db.url, "UPDATE audit_logs SET error = 'rewritten' WHERE id = (SELECT id FROM audit_logs ORDER BY created_at, id LIMIT 1)");
    done = await h.job('seals/verify', { trustedKeys: [vkey] });
    const report = sealReportSchema.parse(done.result);
    expect(report.outcome).toBe('findings');
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'modified', position: 1, seal: 1 })]);
    expect((await h.failure('seals/verify', { trustedKeys: ['not a key'] })).code).toBe('VALIDATION');
  });

  it('cancels a seal job: nothing is sealed, the log is as it was', async () => {
    await sql(
      db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       SELECT gen_random_uuid(), 'Cancelled', 'execute', 'cancel-' || g, 'success', repeat('0', 64) FROM generate_series(1, 3) g`,
    );
    const before = await h.call('seals/status', {});
    const ref = await h.call('seals/seal', { marginSeconds: 0 });
    expect(await h.call('jobs/cancel', { jobId: ref.jobId })).toBeDefined();
    const done = await h.runtime.jobs.wait(ref.jobId);
    expect(done.status).toBe('cancelled');
    const after = await h.call('seals/status', {});
    expect(after.logs.map((l) => l.seals.length)).toEqual(before.logs.map((l) => l.seals.length));
    expect(after.logs[0]!.unsealed_rows).toBe(3);
  });
});
