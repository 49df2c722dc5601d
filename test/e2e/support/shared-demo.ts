/**
 * The browser tests' shared demo database: 400,000 audit entries (with their users, workflow
 * executions and metrics, db-v1 valid), generated once per Playwright run by the first test that
 * asks for it and shared read-only by every spec after it (audit log, dashboard, executions…).
 *
 * - Named after the run (GOVCON_E2E_RUN, set by global-setup.ts), made under an advisory lock,
 *   and marked complete by a database comment only at the end: a half-made one is never used.
 * - Loaded fast: the service's secondary indexes and the foreign-key triggers are set aside while
 *   COPY runs and rebuilt after (the data is the generator's, consistent by construction).
 * - Has the keyset index idx_console_audit_logs_created_at_id (the seals migration will build it;
 *   until then the fixture does), rows in time order as the service's own table has them
 *   (CLUSTER), statistics (ANALYZE) and one recorded db-v1 verification, so the integrity column
 *   shows "verified".
 * - Dropped by global-teardown.ts.
 *
 * Tests must not change it: a test that writes makes a database of its own (fixtures.ts).
 */
import pg from 'pg';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { initialise } from '../../../src-main/schema/migrator';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../../../src-main/platform/db/sql/identifier';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { withRecordedVerification } from '../../../src-main/domains/audit-log/verification-results';
import { withDatabase } from '../../support/db';

export const SHARED_DEMO_ROWS = 400_000;
/** The demo clock: the 90 days of data end here (so filters and screenshots are stable). */
export const SHARED_DEMO_NOW = new Date('2026-06-01T00:00:00Z');
export const SHARED_DEMO_SEED = 20261201;
const MARK = `govcon e2e shared demo: ${SHARED_DEMO_ROWS} rows, seed ${SHARED_DEMO_SEED}, complete`;
const LOCK_KEY = 7_301_966_001;

export function sharedDemoName(run = process.env.GOVCON_E2E_RUN ?? 'local'): string {
  return `gce_demo400k_${run.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function isComplete(admin: pg.Client, name: string): Promise<boolean> {
  const { rows } = await admin.query<{ c: string | null }>('SELECT shobj_description(oid, $2) AS c FROM pg_database WHERE datname = $1', [
    name,
    'pg_database',
  ]);
  return rows[0]?.c === MARK;
}

/** The shared demo database's URL on the test server `adminUrl`, made first if this run has none. */
export async function sharedDemoDatabase(adminUrl: string): Promise<string> {
  const name = sharedDemoName();
  const url = withDatabase(adminUrl, name);
  await withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      if (await isComplete(admin, name)) return;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      await fill(url);
      // COMMENT takes no parameters; MARK is a constant of this file.
      const comment = `COMMENT ON DATABASE ${quoteIdentifier(name)} IS '${MARK}'`;
      await admin.query(comment);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
  return url;
}

async function fill(url: string): Promise<void> {
  const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(sequelize, { operator: { name: 'Browser Tests', email: 'e2e@example.test' } });
    await withClient(url, async (c) => {
      const tables = ['audit_logs', 'workflow_executions', 'governance_metrics'];
      const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.tablename = ANY ($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [tables],
      );
      for (const i of indexes) await c.query(`DROP INDEX ${quoteIdentifier(i.indexname)}`);
      for (const t of tables) await c.query(`ALTER TABLE ${quoteIdentifier(t)} DISABLE TRIGGER ALL`);
      await generateDemoData(c, { rows: SHARED_DEMO_ROWS, now: SHARED_DEMO_NOW, seed: SHARED_DEMO_SEED });
      for (const t of tables) await c.query(`ALTER TABLE ${quoteIdentifier(t)} ENABLE TRIGGER ALL`);
      for (const i of indexes) await c.query(i.indexdef);
      await c.query('CREATE INDEX IF NOT EXISTS idx_console_audit_logs_created_at_id ON audit_logs (created_at, id)');
      // The service appends its entries as they happen, so its table is in time order; the
      // generator's random times are not: CLUSTER puts them in the order a real table has.
      await c.query('CLUSTER audit_logs USING idx_console_audit_logs_created_at_id');
      await c.query('ANALYZE');
    });
    await withRecordedVerification(
      () => sequelize,
      () => verifyDatabase({ connectionString: url }),
    );
  } finally {
    await sequelize.close();
  }
}

/** Drops this run's shared demo database (global-teardown.ts). */
export async function dropSharedDemo(adminUrl: string): Promise<void> {
  await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(sharedDemoName())} WITH (FORCE)`));
}
