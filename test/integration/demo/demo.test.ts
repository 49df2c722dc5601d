import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const loaded = JSON.parse(demo.stdout) as { users: number; auditLogs: number; workflowExecutions: number; governanceMetrics: number };
    expect(loaded.auditLogs).toBe(ROWS);
    expect(loaded.users).toBeGreaterThan(0);
    expect(loaded.workflowExecutions).toBeGreaterThan(0);
    expect(loaded.governanceMetrics).toBeGreaterThan(0);

    const verify = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ format: 'db-v1', total: ROWS, ok: ROWS, tampered: 0, unverifiable: 0, failures: [] });

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
