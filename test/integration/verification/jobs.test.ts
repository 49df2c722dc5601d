import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envProfile } from '../../../src-main/domains/connections/env-profile';
import type { JobContext } from '../../../src-main/platform/jobs/job-context';
import { runInWorker } from '../../../src-main/platform/jobs/run-in-worker';
import { verifyDatabase, type VerifyDbResult } from '../../../src-main/domains/verification/verify-db';
import { AppError } from '../../../src-main/shared/errors';
import type { TestDatabase } from '../../support/test-db';
import { insertAuditRows, sql, verifyDatabaseFixture, type AuditRow } from './support';

/** Enough rows that a verification is still streaming when it is cancelled. */
const BIG = 100_000;

const vectors = fs
  .readFileSync(path.resolve('test/fixtures/vectors/db-v1-rows.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as AuditRow & { expect: string });

let db: TestDatabase;
beforeAll(async () => {
  db = await verifyDatabaseFixture('verify_jobs');
  await insertAuditRows(db.url, vectors);
  // Rows sealed by the server itself: db-v1 computed in SQL (plain ASCII values, whole seconds).
  await sql(
    db.url,
    `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
     SELECT trace_id, actor_name, 'draft', 'bulk', 'success',
            encode(sha256(convert_to(
              '{"actor_email": null, "actor_name": "' || actor_name || '", "actor_role": null, "created_at": "' ||
              to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '", "drag_mode": "draft", "outcome": "success", "trace_id": "' ||
              trace_id || '", "workflow_name": "bulk"}', 'UTF8')), 'hex'),
            created_at
       FROM (SELECT gen_random_uuid() AS trace_id, 'Bulk actor ' || g AS actor_name,
                    timestamp '2025-01-01' + g * interval '1 second' AS created_at
               FROM generate_series(1, $1::int) AS g) AS bulk`,
    [BIG],
  );
});
afterAll(async () => {
  await db?.drop();
});

/** Sessions on the test database whose application_name starts with this (not the asker's). */
async function sessions(applicationName: string): Promise<number> {
  const rows = await sql<{ n: string }>(
    db.url,
    'SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND starts_with(application_name, $1) AND pid <> pg_backend_pid()',
    [applicationName],
  );
  return Number(rows[0]!.n);
}

/** Waits until no such session is left (the server notices a closed socket on its next write). */
async function noSessionLeft(applicationName: string, withinMs = 5000): Promise<number> {
  const deadline = Date.now() + withinMs;
  let n = await sessions(applicationName);
  while (n > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    n = await sessions(applicationName);
  }
  return n;
}

function job(
  controller: AbortController,
  onProgress: (done: number, total: number | null | undefined) => void = () => undefined,
): JobContext {
  return { signal: controller.signal, progress: onProgress };
}

describe('verify-db as a job', () => {
  it('reports progress from 0 to the total, in steps', async () => {
    const reports: [number, number | null | undefined][] = [];
    const result = await verifyDatabase({ connectionString: db.url }, { progress: (done, total) => reports.push([done, total]) });
    const total = vectors.length + BIG;
    const tampered = vectors.filter((v) => v.expect === 'tampered').length;
    expect(result).toMatchObject({ total, ok: total - tampered, tampered, unverifiable: 0 });
    expect(reports[0]).toEqual([0, total]);
    expect(reports.at(-1)).toEqual([total, total]);
    expect(reports.length).toBeGreaterThan(10);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);
  });

  it('ends promptly when cancelled mid-stream, and leaves no session behind', async () => {
    const applicationName = `verify-cancel-${crypto.randomBytes(3).toString('hex')}`;
    const controller = new AbortController();
    const reason = new AppError('CANCELLED', 'Cancelled by the test.');
    let abortedAt = 0;
    let doneAtAbort = 0;
    const running = verifyDatabase(
      { connectionString: db.url, application_name: applicationName },
      {
        signal: controller.signal,
        progress: (done) => {
          if (done > 0 && !controller.signal.aborted) {
            doneAtAbort = done;
            abortedAt = performance.now();
            controller.abort(reason);
          }
        },
      },
    );
    await expect(running).rejects.toBe(reason);
    const tookMs = performance.now() - abortedAt;
    expect(doneAtAbort).toBeGreaterThan(0);
    expect(doneAtAbort).toBeLessThan(vectors.length + BIG);
    expect(tookMs).toBeLessThan(2000);
    expect(await noSessionLeft(applicationName)).toBe(0);
  });

  it('does not connect at all when cancelled before it starts', async () => {
    const controller = new AbortController();
    const reason = new AppError('CANCELLED', 'Already cancelled.');
    controller.abort(reason);
    await expect(
      verifyDatabase({ connectionString: db.url, application_name: 'verify-never' }, { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(await sessions('verify-never')).toBe(0);
  });

  it('gives the same result on a worker thread as in the calling thread', async () => {
    const profile = envProfile({ DATABASE_URL: db.url })!;
    const inThread = await verifyDatabase({ connectionString: db.url });
    const reports: number[] = [];
    const inWorker = await runInWorker<VerifyDbResult>(
      { kind: 'verify-db', target: profile.target, secret: profile.password },
      job(new AbortController(), (done) => reports.push(done)),
    );
    // The same rows, verdicts and server; only the snapshot's time differs.
    expect({ ...inWorker, snapshot: { ...inWorker.snapshot, snapshot_at: null } }).toEqual({
      ...inThread,
      snapshot: { ...inThread.snapshot, snapshot_at: null },
    });
    expect(inWorker).toMatchObject({
      total: vectors.length + BIG,
      ok: BIG + vectors.filter((v) => v.expect === 'ok').length,
      unverifiable: 0,
    });
    expect(reports.at(-1)).toBe(vectors.length + BIG);
  });

  it('cancels a worker-thread verification promptly, leaving no session', async () => {
    const applicationName = `verify-worker-${crypto.randomBytes(3).toString('hex')}`;
    const profile = envProfile({ DATABASE_URL: `${db.url}?application_name=${applicationName}` })!;
    expect(profile.target.applicationName).toBe(applicationName);
    const controller = new AbortController();
    let abortedAt = 0;
    const running = runInWorker<VerifyDbResult>(
      { kind: 'verify-db', target: profile.target, secret: profile.password },
      job(controller, (done) => {
        if (done > 0 && !controller.signal.aborted) {
          abortedAt = performance.now();
          // A reason of its own: the parent's fallback (stopping a worker that ignores the
          // cancel after a grace period) would reject with it; the worker itself does not.
          controller.abort(new AppError('CANCELLED', 'Cancelled by the test.'));
        }
      }),
    );
    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect((error as AppError).message).toBe('Cancelled by the user.'); // the worker's own answer
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(await noSessionLeft(applicationName)).toBe(0);
  });
});
