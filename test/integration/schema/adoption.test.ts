import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { initialise, migrateUp, migrationStatus } from '../../../src-main/schema/migrator';
import { inspectSchema } from '../../../src-main/schema/inspect';
import { listEvents } from '../../../src-main/schema/console-events';
import { AppError } from '../../../src-main/shared/errors';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { connect, OPERATOR, relationExists, rows, runSql, SERVICE_SQL, withoutConsole } from './support';

const NAMES = migrations.map((m) => m.name);
const [BASELINE] = NAMES as [string];
/** Every migration after the baseline, in order: what adoption runs. */
const AFTER_BASELINE = NAMES.slice(1);
const SERVICE_TABLES = ['users', 'api_keys', 'audit_logs', 'workflow_executions', 'governance_metrics'];

/** Every row of every service table, as PostgreSQL prints it, in a stable order. */
async function snapshot(url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of SERVICE_TABLES) {
    // Fixed table names from the list above, not input.
    const r = await rows<{ row: string }>(url, 'SELECT x::text AS row FROM ' + t + ' x ORDER BY x.id');
    out[t] = r.map((x) => x.row);
  }
  return out;
}

const DATA = `
INSERT INTO users (id, email, name, role, created_at, updated_at, metadata) VALUES
  ('11111111-1111-4111-8111-111111111111', 'ana@example.org', 'Ana', 'sre', '2025-03-01 10:00:00.123456', '2025-03-02 11:00:00', '{"team": "ops"}'),
  ('22222222-2222-4222-8222-222222222222', 'bo@example.org', 'Bo', 'auditor', '2025-03-01 10:05:00', '2025-03-01 10:05:00', '{}');
INSERT INTO api_keys (user_id, key_hash, name, scopes, created_at) VALUES
  ('11111111-1111-4111-8111-111111111111', repeat('ab', 32), 'ci', ARRAY['read', 'workflows'], '2025-03-03 09:00:00');
INSERT INTO audit_logs (id, trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name,
                        parameters, outcome, duration_seconds, input_sources, integrity_hash, created_at) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111',
   'Ana', 'ana@example.org', 'sre', 'execute', 'deploy', '{"env": "prod"}', 'success', 1.250,
   '[{"type": "repo"}]', repeat('1', 64), '2025-03-04 08:00:00'),
  ('aaaaaaaa-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000002', NULL,
   'bot', NULL, NULL, 'draft', 'summarise', '{}', 'failure', 0.001, '[]', repeat('2', 64), '2025-03-04 08:00:00.5'),
  ('aaaaaaaa-0000-4000-8000-000000000003', 'bbbbbbbb-0000-4000-8000-000000000003', '22222222-2222-4222-8222-222222222222',
   'Bo', 'bo@example.org', 'auditor', 'research', 'review', '{}', 'rejected', NULL, '[]', repeat('3', 64), NULL);
INSERT INTO workflow_executions (trace_id, workflow_name, status, started_at, audit_log_id) VALUES
  ('bbbbbbbb-0000-4000-8000-000000000001', 'deploy', 'completed', '2025-03-04 07:59:58', 'aaaaaaaa-0000-4000-8000-000000000001');
INSERT INTO governance_metrics (metric_name, metric_value, drag_mode, timestamp) VALUES
  ('requests', 3, 'execute', '2025-03-04 09:00:00');
`;

describe('adopting a database the service created', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;

  beforeAll(async () => {
    db = await createTestDatabase('mig_adopt');
    sequelize = connect(db.url);
    await runSql(db.url, SERVICE_SQL + DATA);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  it('adopts it at the baseline, runs only newer migrations, and leaves every row untouched', async () => {
    expect(await migrationStatus(sequelize)).toMatchObject({ state: 'adoptable', applied: [], problems: [] });
    const rowsBefore = await snapshot(db.url);
    const catalogueBefore = await inspectSchema(sequelize);
    expect(rowsBefore.audit_logs).toHaveLength(3);

    const steps: string[] = [];
    const result = await initialise(sequelize, { operator: OPERATOR, onProgress: (p) => steps.push(p.step) });
    expect(result).toMatchObject({ stateBefore: 'adoptable', adopted: BASELINE, applied: AFTER_BASELINE });
    expect(steps).toEqual(['locked', 'adopted', ...AFTER_BASELINE.flatMap(() => ['migrating', 'migrated'])]);

    expect(await snapshot(db.url)).toEqual(rowsBefore);
    expect(withoutConsole(await inspectSchema(sequelize))).toEqual(catalogueBefore);
    const admins = await rows(db.url, "SELECT 1 FROM users WHERE email = 'admin@honeybadgerlabs.io'");
    expect(admins).toHaveLength(1);

    const status = await migrationStatus(sequelize);
    expect(status).toMatchObject({ state: 'managed', applied: NAMES, pending: [], unknown: [] });
    expect(status.history.map((h) => [h.name, h.adopted])).toEqual(NAMES.map((n) => [n, n === BASELINE]));

    const events = await listEvents(sequelize);
    expect(events.map((e) => [e.action, e.after])).toEqual([['database.adopt', { adopted: BASELINE, applied: AFTER_BASELINE }]]);
  });

  it('is then managed: initialise and migrate do nothing', async () => {
    expect(await initialise(sequelize, { operator: OPERATOR })).toMatchObject({ stateBefore: 'managed', applied: [] });
    expect(await migrateUp(sequelize, { operator: OPERATOR })).toMatchObject({ applied: [], eventId: null });
    expect(await listEvents(sequelize)).toHaveLength(1);
  });
});

describe('refusing a partial or foreign schema', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;

  beforeAll(async () => {
    db = await createTestDatabase('mig_partial');
    sequelize = connect(db.url);
    await runSql(db.url, SERVICE_SQL);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  // [what is done, how it is undone, what the report must say]
  const cases: Array<[string, string, string]> = [
    [
      'DROP INDEX idx_audit_logs_created_at',
      'CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at DESC)',
      'table audit_logs: missing index idx_audit_logs_created_at',
    ],
    [
      'DROP INDEX idx_audit_logs_created_at; CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at)',
      'DROP INDEX idx_audit_logs_created_at; CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at DESC)',
      'table audit_logs: index idx_audit_logs_created_at is CREATE INDEX idx_audit_logs_created_at ON audit_logs USING btree (created_at), expected CREATE INDEX idx_audit_logs_created_at ON audit_logs USING btree (created_at DESC)',
    ],
    [
      'ALTER TABLE governance_metrics DROP COLUMN labels',
      "ALTER TABLE governance_metrics ADD COLUMN labels JSONB DEFAULT '{}'::jsonb",
      'table governance_metrics: missing column labels (jsonb)',
    ],
    [
      'ALTER TABLE api_keys ALTER COLUMN name TYPE VARCHAR(200)',
      'ALTER TABLE api_keys ALTER COLUMN name TYPE VARCHAR(100)',
      'table api_keys: column name has type character varying(200), expected character varying(100)',
    ],
    [
      'ALTER TABLE audit_logs ALTER COLUMN trace_id DROP NOT NULL',
      'ALTER TABLE audit_logs ALTER COLUMN trace_id SET NOT NULL',
      'table audit_logs: column trace_id is nullable, expected NOT NULL',
    ],
    [
      "ALTER TABLE users ALTER COLUMN role SET DEFAULT 'developer'",
      "ALTER TABLE users ALTER COLUMN role SET DEFAULT 'user'",
      "table users: column role has default 'developer'::character varying, expected 'user'::character varying",
    ],
    [
      "ALTER TABLE users DROP CONSTRAINT users_role_check, ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'admin'))",
      "ALTER TABLE users DROP CONSTRAINT users_role_check, ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'admin', 'sre', 'developer', 'auditor'))",
      'table users: constraint users_role_check is CHECK',
    ],
    [
      'ALTER TABLE api_keys DROP CONSTRAINT api_keys_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id)',
      'ALTER TABLE api_keys DROP CONSTRAINT api_keys_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE',
      'table api_keys: constraint api_keys_user_id_fkey is FOREIGN KEY (user_id) REFERENCES users(id), expected',
    ],
    [
      'ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_outcome_check',
      "ALTER TABLE audit_logs ADD CONSTRAINT audit_logs_outcome_check CHECK (outcome IN ('success', 'failure', 'rejected'))",
      'table audit_logs: missing constraint audit_logs_outcome_check',
    ],
    [
      'ALTER VIEW v_user_activity RENAME TO v_user_activity_old',
      'ALTER VIEW v_user_activity_old RENAME TO v_user_activity',
      'missing view v_user_activity',
    ],
    [
      'ALTER VIEW v_recent_governance RENAME COLUMN user_email TO email',
      'ALTER VIEW v_recent_governance RENAME COLUMN email TO user_email',
      'view v_recent_governance has columns (',
    ],
    [
      'DROP TRIGGER trigger_users_updated_at ON users',
      'CREATE TRIGGER trigger_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()',
      'missing trigger trigger_users_updated_at on users',
    ],
    [
      'ALTER TABLE governance_metrics RENAME TO governance_metrics_old',
      'ALTER TABLE governance_metrics_old RENAME TO governance_metrics',
      'missing table governance_metrics',
    ],
  ];

  it.each(cases)('refuses after `%s`, changes nothing, and says what differs', async (change, undo, expected) => {
    await runSql(db.url, change);
    try {
      const before = await inspectSchema(sequelize);
      const status = await migrationStatus(sequelize);
      expect(status.state).toBe('foreign');
      expect(status.problems.some((p) => p.startsWith(expected))).toBe(true);

      const error = await initialise(sequelize, { operator: OPERATOR }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'SCHEMA_MISMATCH' });
      expect((error as AppError).message).toContain(expected);

      expect(await inspectSchema(sequelize)).toEqual(before);
      expect(await relationExists(db.url, 'console_migrations')).toBe(false);
      expect(await relationExists(db.url, 'console_events')).toBe(false);
    } finally {
      await runSql(db.url, undo);
    }
    expect((await migrationStatus(sequelize)).state).toBe('adoptable');
  });

  it('refuses a half-run script (only the first table) and lists everything missing', async () => {
    const half = await createTestDatabase('mig_half');
    const s = connect(half.url);
    try {
      await runSql(half.url, SERVICE_SQL.slice(0, SERVICE_SQL.indexOf('-- API keys')));
      const error = (await initialise(s, { operator: OPERATOR }).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('SCHEMA_MISMATCH');
      for (const missing of [
        'missing table api_keys',
        'missing table audit_logs',
        'missing view v_user_activity',
        'missing function update_updated_at_column()',
        'missing trigger trigger_users_updated_at on users',
      ])
        expect(error.message).toContain(missing);
      expect(error.message).not.toContain('table users:');
      expect(await relationExists(half.url, 'console_migrations')).toBe(false);
    } finally {
      await s.close();
      await half.drop();
    }
  });

  it('tolerates extra objects: other tables, columns, indexes and constraints', async () => {
    await runSql(
      db.url,
      `CREATE TABLE reports (id serial PRIMARY KEY, body text);
       ALTER TABLE users ADD COLUMN nickname text;
       CREATE INDEX idx_audit_logs_actor_email ON audit_logs (actor_email);
       ALTER TABLE governance_metrics ADD CONSTRAINT governance_metrics_positive CHECK (metric_value >= 0);`,
    );
    expect(await migrationStatus(sequelize)).toMatchObject({ state: 'adoptable', problems: [] });
    const result = await initialise(sequelize, { operator: OPERATOR });
    expect(result).toMatchObject({ adopted: BASELINE, applied: AFTER_BASELINE });
    expect(await relationExists(db.url, 'reports')).toBe(true);
  });
});

describe('a database with only unrelated objects', () => {
  it('is empty from our point of view: initialise creates the schema beside them, step by step if asked', async () => {
    const db = await createTestDatabase('mig_other');
    const s = connect(db.url);
    try {
      await runSql(db.url, "CREATE TABLE inventory (sku text PRIMARY KEY); INSERT INTO inventory VALUES ('a');");
      expect((await migrationStatus(s)).state).toBe('empty');
      // Step by step: up to the baseline (no event table yet, so no event), then the rest.
      expect(await initialise(s, { operator: OPERATOR, to: BASELINE })).toMatchObject({
        applied: [BASELINE],
        eventId: null,
      });
      expect(await initialise(s, { operator: OPERATOR, to: BASELINE })).toMatchObject({ applied: [] });
      const rest = await migrateUp(s, { operator: OPERATOR });
      expect(rest).toMatchObject({ stateBefore: 'managed', applied: AFTER_BASELINE });
      expect((await listEvents(s)).map((e) => [e.id, e.action])).toEqual([[rest.eventId, 'database.migrate']]);
      await expect(migrateUp(s, { operator: OPERATOR, to: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' });
      expect(await rows(db.url, 'SELECT sku FROM inventory')).toEqual([{ sku: 'a' }]);
    } finally {
      await s.close();
      await db.drop();
    }
  });
});
