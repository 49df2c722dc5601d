import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { createMigrator, initialise, migrateUp, migrationStatus } from '../../../src-main/schema/migrator';
import { inspectSchema } from '../../../src-main/schema/inspect';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { importJsonlFile } from '../../../src-main/domains/import/import-file';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { OPERATOR, sql, VECTORS } from './support';

/** The custody migration: what it creates, what it enforces, and how it rolls back. */

const CUSTODY = '20261127T010000-import-custody';
const INDEX = migrations.findIndex((m) => m.name === CUSTODY);
const BEFORE = migrations[INDEX - 1]!.name;
/** Migrations after this one (reverted first by a down to it). */
const LATER = migrations.slice(INDEX + 1).map((m) => m.name);

let db: TestDatabase;
let reference: TestDatabase;
let sequelize: Sequelize;
let referenceSequelize: Sequelize;

beforeAll(async () => {
  [db, reference] = await Promise.all([createTestDatabase('custody_mig'), createTestDatabase('custody_ref')]);
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  referenceSequelize = createSequelize({ url: reference.url, pool: { size: 2, maxOverflow: 0 } });
  await initialise(sequelize, { operator: OPERATOR });
  // The same database as it was just before this migration.
  await initialise(referenceSequelize, { operator: OPERATOR, to: BEFORE });
});
afterAll(async () => {
  await sequelize?.close();
  await referenceSequelize?.close();
  await Promise.all([db?.drop(), reference?.drop()]);
});

describe('the import custody migration', () => {
  it('is listed and applied by init', async () => {
    expect(migrations.map((m) => m.name)).toContain(CUSTODY);
    expect(await migrationStatus(sequelize)).toMatchObject({ state: 'managed', pending: [] });
    expect((await migrationStatus(referenceSequelize)).pending).toEqual([CUSTODY, ...LATER]);
  });

  it('creates the two tables with their keys and ON DELETE rules', async () => {
    const d = await inspectSchema(sequelize);
    expect(d.tables.console_import_files!.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['id', 'uuid', true],
      ['file_name', 'character varying(255)', true],
      ['file_path', 'text', true],
      ['file_sha256', 'character varying(64)', true],
      ['file_size', 'bigint', true],
      ['imported_at', 'timestamp without time zone', true],
      ['finished_at', 'timestamp without time zone', false],
      ['status', 'character varying(20)', true],
      ['operator_name', 'character varying(255)', true],
      ['operator_email', 'character varying(255)', false],
      ['total_lines', 'bigint', false],
      ['imported', 'bigint', false],
      ['already_present', 'bigint', false],
      ['duplicates', 'bigint', false],
      ['matched_existing', 'bigint', false],
      ['rejected', 'bigint', false],
    ]);
    expect(d.tables.console_import_lines!.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['file_id', 'uuid', true],
      ['line_number', 'bigint', true],
      ['audit_log_id', 'uuid', false],
      ['trace_id', 'uuid', true],
      ['original_hash', 'character varying(64)', true],
      ['raw_line', 'text', true],
    ]);
    const fks = await sql<{ name: string; def: string }>(
      db.url,
      // contype 'n': PostgreSQL 18 (the embedded server) also lists NOT NULL as constraints; those are checked above.
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'console_import_lines'::regclass AND contype <> 'n' ORDER BY conname`,
    );
    expect(fks).toEqual([
      { name: 'console_import_lines_audit_log_id_fkey', def: 'FOREIGN KEY (audit_log_id) REFERENCES audit_logs(id) ON DELETE SET NULL' },
      { name: 'console_import_lines_audit_log_id_key', def: 'UNIQUE (audit_log_id)' },
      { name: 'console_import_lines_file_id_fkey', def: 'FOREIGN KEY (file_id) REFERENCES console_import_files(id) ON DELETE RESTRICT' },
      { name: 'console_import_lines_hash_check', def: "CHECK (((original_hash)::text ~ '^[0-9a-f]{64}$'::text))" },
      { name: 'console_import_lines_line_number_check', def: 'CHECK ((line_number >= 1))' },
      { name: 'console_import_lines_pkey', def: 'PRIMARY KEY (file_id, line_number)' },
      { name: 'console_import_lines_trace_hash_key', def: 'UNIQUE (trace_id, original_hash)' },
    ]);
  });

  it('enforces what custody relies on', async () => {
    const [run] = await sql<{ id: string }>(
      db.url,
      "INSERT INTO console_import_files (file_name, file_path, file_sha256, file_size, operator_name) VALUES ('f', '/f', repeat('a', 64), 1, 'op') RETURNING id::text",
    );
    const insert = (line: number, hash: string, trace = '0c607fe9-a4d5-4af8-9127-bd471e7ce857') =>
      sql(
        db.url,
        "INSERT INTO console_import_lines (file_id, line_number, trace_id, original_hash, raw_line) VALUES ($1, $2, $3, $4, '{}')",
        [run!.id, line, trace, hash],
      );
    await insert(1, 'b'.repeat(64));
    await expect(insert(2, 'b'.repeat(64))).rejects.toMatchObject({ constraint: 'console_import_lines_trace_hash_key' });
    await expect(insert(1, 'c'.repeat(64), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).rejects.toMatchObject({
      constraint: 'console_import_lines_pkey',
    });
    await expect(insert(3, 'B'.repeat(64))).rejects.toMatchObject({ constraint: 'console_import_lines_hash_check' });
    await expect(insert(0, 'd'.repeat(64))).rejects.toMatchObject({ constraint: 'console_import_lines_line_number_check' });
    await expect(sql(db.url, "UPDATE console_import_files SET status = 'done'")).rejects.toMatchObject({
      constraint: 'console_import_files_status_check',
    });
    await expect(sql(db.url, 'DELETE FROM console_import_files WHERE id = $1', [run!.id])).rejects.toMatchObject({
      constraint: 'console_import_lines_file_id_fkey',
    });
    await sql(db.url, 'DELETE FROM console_import_lines');
    await sql(db.url, 'DELETE FROM console_import_files');
  });

  it('keeps the custody line when its audit row is deleted (audit_log_id becomes NULL)', async () => {
    const result = await importJsonlFile({ connectionString: db.url }, VECTORS, { operator: OPERATOR });
    const [line] = await sql<{ audit_log_id: string }>(
      db.url,
      'SELECT audit_log_id::text FROM console_import_lines WHERE file_id = $1 AND line_number = 1',
      [result.import_id],
    );
    await sql(db.url, 'DELETE FROM audit_logs WHERE id = $1', [line!.audit_log_id]);
    const [after] = await sql(
      db.url,
      'SELECT audit_log_id, raw_line IS NOT NULL AS kept FROM console_import_lines WHERE file_id = $1 AND line_number = 1',
      [result.import_id],
    );
    expect(after).toEqual({ audit_log_id: null, kept: true });
  });

  it('refuses to roll back while custody holds import runs, then rolls back cleanly once it is empty', async () => {
    const umzug = createMigrator(sequelize);
    await expect(umzug.down({ to: CUSTODY })).rejects.toThrow(/import custody holds 1 import run/);
    // Later migrations were reverted (each in its own transaction); this one was not.
    expect((await migrationStatus(sequelize)).pending).toEqual(LATER);

    await sql(db.url, 'DELETE FROM console_import_lines');
    await sql(db.url, 'DELETE FROM console_import_files');
    await umzug.down({ to: CUSTODY });
    expect((await migrationStatus(sequelize)).pending).toEqual([CUSTODY, ...LATER]);
    // Exactly the catalogue of a database that never had the migration.
    expect(await inspectSchema(sequelize)).toEqual(await inspectSchema(referenceSequelize));

    await migrateUp(sequelize, { operator: OPERATOR });
    expect((await migrationStatus(sequelize)).pending).toEqual([]);
    expect(Object.keys((await inspectSchema(sequelize)).tables)).toEqual(
      expect.arrayContaining(['console_import_files', 'console_import_lines']),
    );
  });
});
