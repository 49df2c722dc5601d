import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../../src-main/platform/db/pg-client';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { VERIFY_DB_ACTION } from '../../../src-main/domains/dashboard/verification-record';
import { newKeyFileText, openKeyFile } from '../../../src-main/domains/seals/key-file';
import { sealDatabase } from '../../../src-main/domains/seals/seal';
import { createInitialisedDatabase, type TestDatabase } from '../../support/test-db';
import { eventually, query, startRuntime, type RuntimeHarness } from '../runtime/support';

/**
 * The dashboard's channels through the router: the four views with when they were read and their
 * coverage, and the integrity panel fed by the verify-db channel's recorded outcome.
 */
const ROWS = 300;
let db: TestDatabase;
let h: RuntimeHarness;

beforeAll(async () => {
  db = await createInitialisedDatabase('dashboard');
  const client = await connectClient(db.url);
  try {
    await generateDemoData(client, { rows: ROWS, seed: 7 });
  } finally {
    await client.end();
  }
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

async function verifyAndWaitForRecord(expected: number): Promise<void> {
  const finished = await h.job('integrity/verify-db', {});
  expect(finished.status).toBe('succeeded');
  const recorded = await eventually(async () => {
    const rows = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM console_events WHERE action = $1', [VERIFY_DB_ACTION]);
    return rows[0]!.n === expected;
  });
  expect(recorded).toBe(true);
}

describe('dashboard cards', () => {
  it('reads each view as the view says, with when it was read; unverified before any verification', async () => {
    const rate = await h.call('dashboard/success-rate', {});
    const view = await query<{ workflow_name: string; total_executions: string }>(
      db.url,
      'SELECT workflow_name, total_executions FROM v_workflow_success_rate',
    );
    expect(rate.rows.map((r) => [r.workflowName, r.total])).toEqual(view.map((v) => [v.workflow_name, Number(v.total_executions)]));
    expect(rate.rows.reduce((n, r) => n + r.total, 0)).toBe(ROWS);
    expect(rate.readAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rate.coverage).toMatchObject({ state: 'unverified', rows: ROWS, rowsSince: null, verification: null });
    expect(rate.coverage.notCovered).toContain('duration_seconds');

    const modes = await h.call('dashboard/drag-modes', {});
    expect(modes.rows.map((r) => r.dragMode).sort()).toEqual(['draft', 'execute', 'grunt', 'research']);
    const users = await h.call('dashboard/user-activity', { limit: 3 });
    expect(users.rows).toHaveLength(3);
    expect(users.users).toBe(12 + 1); // the demo's users and the seed admin
    expect(users.rows[0]!.totalWorkflows).toBeGreaterThanOrEqual(users.rows[1]!.totalWorkflows);
    const recent = await h.call('dashboard/recent', {});
    // The view lists the 100 newest entries.
    expect(recent.rows).toHaveLength(100);
    expect(recent.rows[0]!.createdAt! >= recent.rows[99]!.createdAt!).toBe(true);
  });

  it('records each verification of the database and says what it covers: verified, then rows added, then tampered', async () => {
    expect((await h.call('dashboard/integrity', {})).coverage.state).toBe('unverified');
    await verifyAndWaitForRecord(1);
    const verified = await h.call('dashboard/integrity', {});
    expect(verified.coverage).toMatchObject({ state: 'verified', rows: ROWS, rowsSince: 0 });
    expect(verified.coverage.verification).toMatchObject({
      method: 'db-v1',
      result: 'pass',
      total: ROWS,
      ok: ROWS,
      by: expect.any(String),
    });
    expect(verified.seals).toMatchObject({ available: false, auditLog: null, note: expect.stringContaining('Not sealed yet') });

    // Sealed: the panel says how many rows the seals hold and how many came since.
    const { text } = newKeyFileText('dashboard-sealer', 'dashboard passphrase');
    const key = openKeyFile(text, 'dashboard passphrase', 'dashboard.key');
    await sealDatabase(
      { connectionString: db.url },
      { key, operator: { name: 'Dashboard Tests', email: null }, marginSeconds: 0, checkpointDir: null },
    );
    const sealed = (await h.call('dashboard/integrity', {})).seals;
    expect(sealed).toMatchObject({ available: true, auditLog: { seals: 1, sealedRows: ROWS } });
    expect(sealed.note).toContain(`${ROWS.toLocaleString('en')} rows sealed by 1 seal(s)`);
    expect(sealed.note).toContain('0 row(s) newer than it');

    // A row the service writes afterwards is not covered by that verification.
    await query(
      db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       VALUES (uuid_generate_v4(), 'Late Writer', 'draft', 'deploy-to-staging', 'success', repeat('0', 64))`,
    );
    const partly = await h.call('dashboard/drag-modes', {});
    expect(partly.coverage).toMatchObject({ state: 'partly', rows: ROWS + 1, rowsSince: 1 });

    // Verifying again finds that row's hash wrong (it was made up): every card now says so.
    await verifyAndWaitForRecord(2);
    const failed = await h.call('dashboard/integrity', {});
    expect(failed.coverage).toMatchObject({ state: 'failed', rowsSince: 0 });
    expect(failed.coverage.verification).toMatchObject({ result: 'fail', total: ROWS + 1, tampered: 1 });
    expect(failed.history.map((v) => v.result)).toEqual(['fail', 'pass']);
    expect((await h.call('dashboard/recent', {})).coverage.state).toBe('failed');

    // Fewer rows than verified (deleted rows are invisible to db-v1): the count says so.
    await query(db.url, "DELETE FROM audit_logs WHERE actor_name = 'Late Writer'");
    expect((await h.call('dashboard/success-rate', {})).coverage).toMatchObject({ state: 'failed', rowsSince: -1 });
  });

  it('reads on a read-only connection, where a verification is not recorded (and is still reported)', async () => {
    const readOnly = startRuntime({ env: { DATABASE_URL: db.url, GOVCON_READ_ONLY: 'true' } });
    try {
      await readOnly.runtime.start();
      const before = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM console_events');
      expect((await readOnly.call('dashboard/integrity', {})).history).toHaveLength(2);
      const ref = await readOnly.call('integrity/verify-db', {});
      expect((await readOnly.runtime.jobs.wait(ref.jobId)).status).toBe('succeeded');
      await new Promise((r) => setTimeout(r, 200));
      expect(await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM console_events')).toEqual(before);
      expect(readOnly.internal).toEqual([]);
    } finally {
      await readOnly.close();
    }
  });
});
