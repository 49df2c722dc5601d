import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import type { TestDatabase } from '../../support/test-db';
import { createTestDatabase } from '../../support/test-db';
import { govcon, sql } from '../verification/support';

const ROWS = 5000;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('verify_demo');
});
afterAll(async () => {
  await db?.drop();
});

describe('govcon demo, then govcon verify-db', () => {
  it('initialises, loads demo data and verifies every row ok', async () => {
    const init = await govcon(['init', '--url', db.url, '--yes', '--json', '--operator', 'Demo Tests <demo@example.test>']);
    expect(init.code).toBe(0);

    const demo = await govcon(['demo', '--url', db.url, '--rows', String(ROWS), '--json']);
    expect(demo.code).toBe(0);
    expect(demo.stderr).toBe('');
    const loaded = JSON.parse(demo.stdout) as {
      users: number;
      apiKeys: number;
      auditLogs: number;
      workflowExecutions: number;
      governanceMetrics: number;
    };
    expect(loaded.auditLogs).toBe(ROWS);
    expect(loaded.apiKeys).toBeGreaterThan(0);
    expect(loaded.users).toBeGreaterThan(0);
    expect(loaded.workflowExecutions).toBeGreaterThan(0);
    expect(loaded.governanceMetrics).toBeGreaterThan(0);

    const verify = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      format: 'db-v1',
      outcome: 'clean',
      total: ROWS,
      ok: ROWS,
      tampered: 0,
      unverifiable: 0,
      findings: [],
    });

    // Without --json, one line a person reads.
    const text = await govcon(['verify-db', '--url', db.url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${ROWS} rows — ${ROWS} ok, 0 tampered, 0 unverifiable`);
  });

  it('fills users, workflow executions and governance metrics, linked to the audit rows', async () => {
    const [counts] = await sql<{ users: string; audit: string; executions: string; metrics: string }>(
      db.url,
      `SELECT (SELECT count(*) FROM users)::text AS users,
              (SELECT count(*) FROM audit_logs)::text AS audit,
              (SELECT count(*) FROM workflow_executions)::text AS executions,
              (SELECT count(*) FROM governance_metrics)::text AS metrics`,
    );
    expect(Number(counts!.audit)).toBe(ROWS);
    expect(Number(counts!.users)).toBeGreaterThan(1);
    expect(Number(counts!.executions)).toBeGreaterThan(0);
    expect(Number(counts!.metrics)).toBeGreaterThan(0);

    // Every execution points at an audit row of the same trace, user and workflow.
    const [links] = await sql<{ executions: string; linked: string; matching: string }>(
      db.url,
      `SELECT count(*)::text AS executions,
              count(a.id)::text AS linked,
              count(*) FILTER (WHERE a.trace_id = e.trace_id AND a.user_id = e.user_id AND a.workflow_name = e.workflow_name)::text AS matching
         FROM workflow_executions e LEFT JOIN audit_logs a ON a.id = e.audit_log_id`,
    );
    expect(links!.linked).toBe(links!.executions);
    expect(links!.matching).toBe(links!.executions);

    // Audit rows are attributed to demo users, over the last 90 days.
    const [audit] = await sql<{ unattributed: string; span_days: number; future: string }>(
      db.url,
      `SELECT count(*) FILTER (WHERE u.id IS NULL OR u.email <> a.actor_email)::text AS unattributed,
              extract(epoch FROM max(a.created_at) - min(a.created_at)) / 86400 AS span_days,
              count(*) FILTER (WHERE a.created_at > (now() AT TIME ZONE 'UTC') + interval '1 minute')::text AS future
         FROM audit_logs a LEFT JOIN users u ON u.id = a.user_id`,
    );
    expect(audit!.unattributed).toBe('0');
    expect(Number(audit!.span_days)).toBeGreaterThan(80);
    expect(Number(audit!.span_days)).toBeLessThanOrEqual(90);
    expect(audit!.future).toBe('0');
  });

  it('refuses a --rows that is not a whole number, with exit 2', async () => {
    const run = await govcon(['demo', '--url', db.url, '--rows', 'many', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});

describe('govcon demo on a database that already holds demo data', () => {
  it('adds new data beside it (a new seed, users numbered on), API keys included, and says so', async () => {
    const before = await counts();
    const again = await govcon(['demo', '--url', db.url, '--rows', '100', '--json']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const added = JSON.parse(again.stdout) as { users: number; apiKeys: number; auditLogs: number; seed: number; rows_written: number };
    expect(added.apiKeys).toBeGreaterThan(0);
    const after = await counts();
    expect(after.users).toBe(before.users + added.users);
    expect(after.keys).toBe(before.keys + added.apiKeys);
    expect(after.audit).toBe(before.audit + 100);
    // The keys are there for the Keys page: in several states, each of a demo user.
    const statuses = await sql<{ revoked: number; expired: number; no_expiry: number }>(
      db.url,
      `SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked,
              count(*) FILTER (WHERE expires_at < now() AT TIME ZONE 'UTC')::int AS expired,
              count(*) FILTER (WHERE expires_at IS NULL)::int AS no_expiry
         FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.email LIKE 'demo.user%'`,
    );
    expect(statuses[0]!.revoked + statuses[0]!.expired + statuses[0]!.no_expiry).toBeGreaterThan(0);
    // Every row still verifies.
    expect((await govcon(['verify-db', '--url', db.url, '--json'])).code).toBe(0);
  });

  it('refuses clearly, and adds nothing, when told to reuse a seed already loaded', async () => {
    const first = JSON.parse((await govcon(['demo', '--url', db.url, '--rows', '20', '--json'])).stdout) as { seed: number };
    const before = await counts();
    const run = await govcon(['demo', '--url', db.url, '--rows', '20', '--seed', String(first.seed), '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: 'CONFLICT', message: expect.stringContaining(`already holds demo data made with seed ${first.seed}`) },
    });
    expect(await counts()).toEqual(before);
    const text = await govcon(['demo', '--url', db.url, '--rows', '20', '--seed', String(first.seed)]);
    expect(text.stderr).not.toMatch(/\n\s+at /);
  });

  it('progress counts every row it writes, whatever the table', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const reports: [number, number | null | undefined][] = [];
      const before = await counts();
      const r = await generateDemoData(
        client,
        { rows: 9000, seed: 777, emailOffset: 100_000 },
        { signal: new AbortController().signal, progress: (done, total) => reports.push([done, total]) },
      );
      const after = await counts();
      const written =
        after.users -
        before.users +
        (after.keys - before.keys) +
        (after.audit - before.audit) +
        (after.executions - before.executions) +
        (after.metrics - before.metrics);
      expect(written).toBe(r.users + r.apiKeys + r.auditLogs + r.workflowExecutions + r.governanceMetrics);
      expect(reports.at(-1)).toEqual([written, written]);
      expect(reports.every(([done, total]) => total === written && done <= written)).toBe(true);
    } finally {
      await client.end();
    }
  });
});

async function counts(): Promise<{ users: number; keys: number; audit: number; executions: number; metrics: number }> {
  const [c] = await sql<{ users: number; keys: number; audit: number; executions: number; metrics: number }>(
    db.url,
    `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM api_keys)::int AS keys,
            (SELECT count(*) FROM audit_logs)::int AS audit, (SELECT count(*) FROM workflow_executions)::int AS executions,
            (SELECT count(*) FROM governance_metrics)::int AS metrics`,
  );
  return c!;
}
