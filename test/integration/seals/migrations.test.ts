import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { createMigrator, initialise, migrateUp, migrationStatus } from '../../../src-main/schema/migrator';
import { indexState } from '../../../src-main/platform/db/concurrent-index';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { createTestDatabase, sql, TEST_OPERATOR, type TestDatabase } from '../../support/test-db';
import pg from 'pg';

const TABLES = '20261201T000000-seal-tables';
const INDEXES = '20261201T010000-seal-read-indexes';
const AUDIT_INDEX = 'idx_console_audit_logs_created_at_id';
const EVENTS_INDEX = 'idx_console_events_occurred_at_id';

// Migrations written after the seal ones (console_events identity, interrupted imports) do not
// touch these tables: the tests run the list up to the index migration, so that it is the last.
const UP_TO_INDEXES = migrations.slice(0, migrations.findIndex((m) => m.name === INDEXES) + 1);
const list = { migrations: UP_TO_INDEXES };

const connect = (url: string): Sequelize => createSequelize({ url, pool: { size: 3, maxOverflow: 0 } });
const definition = async (url: string, name: string) =>
  (await sql<{ d: string }>(url, 'SELECT indexdef AS d FROM pg_indexes WHERE indexname = $1', [name]))[0]?.d;
const INSERT_AUDIT = `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
  VALUES (uuid_generate_v4(), $1, 'draft', 'w', 'success', repeat('0', 64))`;
const insertAudit = (url: string, actor: string) => sql(url, INSERT_AUDIT, [actor]);

describe('the seal migrations', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;
  beforeAll(async () => {
    db = await createTestDatabase('seal_mig');
    sequelize = connect(db.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  it('are two migrations in a row, the index one non-transactional', () => {
    expect(UP_TO_INDEXES.slice(-2).map((m) => [m.name, m.kind ?? 'transactional'])).toEqual([
      [TABLES, 'transactional'],
      [INDEXES, 'non-transactional'],
    ]);
  });

  it('rebuilds an INVALID index that an interrupted build left, and records the migration only then', async () => {
    await initialise(sequelize, { ...list, operator: TEST_OPERATOR, to: TABLES });
    await insertAudit(db.url, 'same');
    await insertAudit(db.url, 'same');
    // A concurrent build that fails (a uniqueness check over duplicates) leaves its index INVALID.
    const failing = sql(db.url, `CREATE UNIQUE INDEX CONCURRENTLY ${AUDIT_INDEX} ON audit_logs (actor_name)`);
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(await indexState(sequelize, AUDIT_INDEX)).toBe('invalid');

    const result = await migrateUp(sequelize, { ...list, operator: TEST_OPERATOR });
    expect(result.applied).toEqual([INDEXES]);
    expect(await indexState(sequelize, AUDIT_INDEX)).toBe('valid');
    const audit = `CREATE INDEX ${AUDIT_INDEX} ON public.audit_logs USING btree (created_at, id)`;
    const events = `CREATE INDEX ${EVENTS_INDEX} ON public.console_events USING btree (occurred_at, id)`;
    expect(await definition(db.url, AUDIT_INDEX)).toBe(audit);
    expect(await definition(db.url, EVENTS_INDEX)).toBe(events);
    expect((await migrationStatus(sequelize, list)).pending).toEqual([]);
  });

  it('leaves no bookkeeping row when the build is cancelled half-way, and completes on the next run', async () => {
    await createMigrator(sequelize, list).down({ to: INDEXES });
    expect((await migrationStatus(sequelize, list)).pending).toEqual([INDEXES]);
    expect(await indexState(sequelize, AUDIT_INDEX)).toBe('missing');

    // An open writer makes the build wait for it (after the index entry is made); cancel it there.
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(INSERT_AUDIT, ['open writer']);
      const run = migrateUp(sequelize, { ...list, operator: TEST_OPERATOR }).catch((e: unknown) => e);
      let cancelled = false;
      for (let i = 0; i < 200 && !cancelled; i++) {
        const [r] = await sql<{ c: boolean }>(
          db.url,
          `SELECT pg_cancel_backend(pid) AS c FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`,
        );
        cancelled = r?.c === true;
        if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(cancelled).toBe(true);
      const error = await run;
      expect(error).toMatchObject({ code: 'CANCELLED' });
      const said = new RegExp(`^Migration ${INDEXES} did not complete: .*running the migrations again completes it`);
      expect((error as Error).message).toMatch(said);
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
    }
    expect(await indexState(sequelize, AUDIT_INDEX)).toBe('invalid');
    expect((await migrationStatus(sequelize, list)).pending).toEqual([INDEXES]);

    expect((await migrateUp(sequelize, { ...list, operator: TEST_OPERATOR })).applied).toEqual([INDEXES]);
    expect(await indexState(sequelize, AUDIT_INDEX)).toBe('valid');
    expect(await indexState(sequelize, EVENTS_INDEX)).toBe('valid');
  });

  it('refuses an index of the name with another definition', async () => {
    await createMigrator(sequelize, list).down({ to: INDEXES });
    await sql(db.url, `CREATE INDEX ${EVENTS_INDEX} ON console_events (action)`);
    await expect(migrateUp(sequelize, { ...list, operator: TEST_OPERATOR })).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    await sql(db.url, `DROP INDEX ${EVENTS_INDEX}`);
    expect((await migrateUp(sequelize, { ...list, operator: TEST_OPERATOR })).applied).toEqual([INDEXES]);
  });

  it('keeps the seal tables while a seal exists', async () => {
    const [log] = await sql<{ log_id: string }>(
      db.url,
      `INSERT INTO console_seal_logs (table_name, origin, created_by)
       VALUES ('audit_logs', 'govcon.local/govcon/x/audit_logs', 't') RETURNING log_id`,
    );
    await sql(
      db.url,
      `INSERT INTO console_seals (log_id, seal_number, tree_size, previous_size, root_hash, note, key_name, key_id, verifier_key,
         sealed_by, horizon, horizon_source, margin_seconds, sees_all_sessions, leaves_added, columns)
       VALUES ($1, 1, 1, 0, decode(repeat('00', 32), 'hex'), 'n', 'k', '0123abcd', 'k+0123abcd+x',
         't', now(), 'margin', 300, false, 1, 'id uuid')`,
      [log!.log_id],
    );
    await expect(createMigrator(sequelize, list).down({ to: TABLES })).rejects.toThrow(/1 seal\(s\)/);
    // The index migration, reverted first, comes back; the tables never left.
    expect((await migrationStatus(sequelize, list)).pending).toEqual([INDEXES]);
    expect((await migrateUp(sequelize, { ...list, operator: TEST_OPERATOR })).applied).toEqual([INDEXES]);
    expect(await sql(db.url, 'SELECT seal_number FROM console_seals')).toEqual([{ seal_number: 1 }]);
  });

  it('refuses seal rows that break the format', async () => {
    const [log] = await sql<{ log_id: string }>(db.url, 'SELECT log_id FROM console_seal_logs');
    const bad = (sizes: string, keyId = '0123abcd') =>
      sql(
        db.url,
        `INSERT INTO console_seals (log_id, seal_number, tree_size, previous_size, root_hash, note, key_name, key_id, verifier_key,
           sealed_by, horizon, horizon_source, margin_seconds, sees_all_sessions, leaves_added, columns)
         VALUES ($1, 2, ${sizes}, decode(repeat('00', 32), 'hex'), 'n', 'k', $2, 'v',
           't', now(), 'margin', 300, false, 1, 'c')`,
        [log!.log_id, keyId],
      );
    await expect(bad('1, 1')).rejects.toMatchObject({ constraint: 'console_seals_sizes_check' });
    await expect(bad('2, 1', 'ABCD0123')).rejects.toMatchObject({ constraint: 'console_seals_key_id_check' });
    await expect(bad('1, 0')).rejects.toMatchObject({ constraint: 'console_seals_tree_size_key' });
  });
});
