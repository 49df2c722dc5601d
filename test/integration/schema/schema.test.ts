import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { createMigrator, initialise, migrateUp, migrationStatus } from '../../../src-main/schema/migrator';
import { inspectSchema } from '../../../src-main/schema/inspect';
import { diffServiceSchema } from '../../../src-main/schema/service-schema';
import { listEvents } from '../../../src-main/schema/console-events';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { connect, OPERATOR, relationExists, rows, runSql, SERVICE_SQL, withoutConsole } from './support';

const NAMES = migrations.map((m) => m.name);
const [BASELINE] = NAMES as [string];
/** Every migration after the baseline, in order. */
const AFTER_BASELINE = NAMES.slice(1);

describe('initialising an empty database', () => {
  let migrated: TestDatabase;
  let plain: TestDatabase;
  let sequelize: Sequelize;
  let reference: Sequelize;

  beforeAll(async () => {
    [migrated, plain] = await Promise.all([createTestDatabase('mig_init'), createTestDatabase('mig_plain')]);
    sequelize = connect(migrated.url);
    reference = connect(plain.url);
    await runSql(plain.url, SERVICE_SQL);
  });
  afterAll(async () => {
    await Promise.all([sequelize?.close(), reference?.close()]);
    await Promise.all([migrated?.drop(), plain?.drop()]);
  });

  it('sees an empty database as empty, with every migration pending', async () => {
    const status = await migrationStatus(sequelize);
    expect(status).toMatchObject({ state: 'empty', applied: [], pending: NAMES, unknown: [] });
  });

  it('refuses to migrate (rather than initialise) an empty database', async () => {
    await expect(migrateUp(sequelize, { operator: OPERATOR })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await relationExists(migrated.url, 'console_migrations')).toBe(false);
  });

  it('applies every migration in order and records one event', async () => {
    const steps: string[] = [];
    const result = await initialise(sequelize, { operator: OPERATOR, onProgress: (p) => steps.push(p.step) });
    expect(result).toMatchObject({ stateBefore: 'empty', adopted: null, applied: NAMES });
    expect(steps).toEqual(['locked', ...NAMES.flatMap(() => ['migrating', 'migrated'])]);

    const status = await migrationStatus(sequelize);
    expect(status).toMatchObject({ state: 'managed', applied: NAMES, pending: [], unknown: [] });
    expect(status.history.map((h) => h.adopted)).toEqual(NAMES.map(() => false));

    const events = await listEvents(sequelize);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: result.eventId,
      operatorName: OPERATOR.name,
      operatorEmail: OPERATOR.email,
      action: 'database.initialise',
      targetKind: 'database',
      targetId: migrated.name,
      before: { state: 'empty', applied: [] },
      after: { adopted: null, applied: NAMES },
    });
    expect(events[0]!.occurredAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/);
  });

  it('creates exactly the schema the service script creates', async () => {
    const [ours, theirs] = await Promise.all([inspectSchema(sequelize), inspectSchema(reference)]);
    expect(Object.keys(ours.tables)).toEqual([
      'api_keys',
      'audit_logs',
      'console_events',
      'console_import_files',
      'console_import_lines',
      'console_migrations',
      'console_seal_leaves',
      'console_seal_logs',
      'console_seals',
      'console_verification_results',
      'console_verification_runs',
      'governance_metrics',
      'users',
      'workflow_executions',
    ]);
    expect(Object.keys(ours.views)).toEqual([
      'v_drag_mode_distribution',
      'v_recent_governance',
      'v_user_activity',
      'v_workflow_success_rate',
    ]);
    // Every column, default, constraint (with its name and definition), index, view
    // definition, function body and trigger.
    expect(withoutConsole(ours)).toEqual(theirs);
    expect(diffServiceSchema(ours)).toMatchObject({ problems: [] });
    expect(diffServiceSchema(theirs)).toMatchObject({ problems: [] });
  });

  it("creates the console's own event table as designed", async () => {
    const d = await inspectSchema(sequelize);
    const t = d.tables.console_events!;
    expect(t.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['id', 'uuid', true],
      ['occurred_at', 'timestamp without time zone', true],
      ['operator_name', 'character varying(255)', true],
      ['operator_email', 'character varying(255)', false],
      ['action', 'character varying(100)', true],
      ['target_kind', 'character varying(50)', false],
      ['target_id', 'character varying(255)', false],
      ['before', 'jsonb', false],
      ['after', 'jsonb', false],
      // Who the server authenticated (20261210T000000-console-event-identity).
      ['session_role', 'character varying(63)', false],
      ['client_addr', 'inet', false],
      ['console_version', 'character varying(40)', false],
    ]);
    expect(t.columns[0]!.default).toBe('uuid_generate_v4()');
    expect(t.columns.slice(9).map((c) => c.default)).toEqual([
      'SESSION_USER',
      'inet_client_addr()',
      "NULLIF(current_setting('govcon.console_version'::text, true), ''::text)",
    ]);
    expect(Object.keys(d.triggers)).toContain('console_events.console_events_identity');
    expect(Object.values(t.indexes).map((i) => i.definition)).toEqual([
      'CREATE UNIQUE INDEX console_events_pkey ON console_events USING btree (id)',
      'CREATE INDEX idx_console_events_occurred_at ON console_events USING btree (occurred_at)',
      'CREATE INDEX idx_console_events_occurred_at_id ON console_events USING btree (occurred_at, id)',
      'CREATE INDEX idx_console_events_target ON console_events USING btree (target_kind, target_id)',
    ]);
  });

  it('does nothing when initialised again: no migration, no event, same catalogue', async () => {
    const before = await inspectSchema(sequelize);
    const result = await initialise(sequelize, { operator: OPERATOR });
    expect(result).toEqual({ stateBefore: 'managed', adopted: null, applied: [], eventId: null });
    expect(await migrateUp(sequelize, { operator: OPERATOR })).toMatchObject({ applied: [], eventId: null });
    expect(await inspectSchema(sequelize)).toEqual(before);
    expect(await listEvents(sequelize)).toHaveLength(1);
    const [m] = await rows<{ n: string; d: string }>(
      migrated.url,
      'SELECT count(*)::text AS n, count(DISTINCT name)::text AS d FROM console_migrations',
    );
    expect(m).toEqual({ n: String(NAMES.length), d: String(NAMES.length) });
  });

  it('has the seed admin exactly once', async () => {
    const admins = await rows(migrated.url, 'SELECT email, name, role, is_active, metadata FROM users');
    expect(admins).toEqual([{ email: 'admin@honeybadgerlabs.io', name: 'System Admin', role: 'admin', is_active: true, metadata: {} }]);
  });

  it('keeps users.updated_at current with the trigger', async () => {
    const [r] = await rows<{ updated_at: string; created_at: string }>(
      migrated.url,
      `UPDATE users SET name = 'Admin', updated_at = '2000-01-01'
        WHERE email = 'admin@honeybadgerlabs.io'
        RETURNING updated_at::text, created_at::text`,
    );
    expect(r!.updated_at).not.toMatch(/^2000-/);
    expect(r!.updated_at >= r!.created_at).toBe(true);
  });

  it('enforces the check constraints of the service', async () => {
    const insertUser = (email: string, role = 'user') =>
      rows(migrated.url, 'INSERT INTO users (email, name, role) VALUES ($1, $2, $3)', [email, 'n', role]);
    await insertUser('Mixed.Case@Example.ORG'); // ~* is case-insensitive
    await expect(insertUser('not-an-email')).rejects.toMatchObject({ constraint: 'users_email_check' });
    await expect(insertUser('x@example.org', 'root')).rejects.toMatchObject({ constraint: 'users_role_check' });
    const [u] = await rows<{ id: string }>(migrated.url, "SELECT id FROM users WHERE email = 'Mixed.Case@Example.ORG'");
    await expect(
      rows(migrated.url, "INSERT INTO api_keys (user_id, key_hash, name, scopes) VALUES ($1, 'h1', 'k', ARRAY['read','root'])", [u!.id]),
    ).rejects.toMatchObject({ constraint: 'api_keys_scopes_check' });
    const [k] = await rows<{ scopes: string[] }>(
      migrated.url,
      "INSERT INTO api_keys (user_id, key_hash, name) VALUES ($1, 'h2', 'k') RETURNING scopes",
      [u!.id],
    );
    expect(k!.scopes).toEqual(['read']);
    await rows(migrated.url, 'DELETE FROM users WHERE id = $1', [u!.id]); // cascades to the key
    expect(await rows(migrated.url, 'SELECT 1 FROM api_keys')).toEqual([]);
  });

  it('reverts: the baseline refuses while the service tables hold data, then leaves only the extension', async () => {
    const umzug = createMigrator(sequelize);
    await rows(
      migrated.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       VALUES (uuid_generate_v4(), 'a', 'draft', 'w', 'success', repeat('0', 64))`,
    );
    await expect(umzug.down({ to: 0 })).rejects.toThrow(/hold data/);
    // The console migration was reverted (its own transaction); the baseline was not.
    expect(await migrationStatus(sequelize)).toMatchObject({ applied: [BASELINE], pending: AFTER_BASELINE });
    expect(await relationExists(migrated.url, 'audit_logs')).toBe(true);

    await rows(migrated.url, 'DELETE FROM audit_logs');
    await umzug.down({ to: 0 });
    const d = await inspectSchema(sequelize);
    expect(Object.keys(d.tables)).toEqual(['console_migrations']);
    expect(d.views).toEqual({});
    expect(d.functions).toEqual({});
    expect(await rows(migrated.url, 'SELECT name FROM console_migrations')).toEqual([]);
    expect(Object.keys(d.extensions)).toContain('uuid-ossp');

    // The bookkeeping table stays, empty: the database reads as empty again and initialises.
    expect((await migrationStatus(sequelize)).state).toBe('empty');
    expect((await initialise(sequelize, { operator: OPERATOR })).applied).toEqual(NAMES);
    expect(withoutConsole(await inspectSchema(sequelize))).toEqual(await inspectSchema(reference));
  });
});
