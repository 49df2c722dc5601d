/**
 * `govcon restore`: a govcon-backup/1 file into a database (docs/formats.md "Backups").
 *
 * 1. The whole file is verified first (backup verify's check): a byte changed, a cut or a
 *    splice is refused before anything is written.
 * 2. The target must be empty (no relation in `public`) unless --force; its migrations, if
 *    any, must not be newer than the backup's.
 * 3. The schema is made by the console's own migrations (schema/migrator.ts), up to the last
 *    migration the backup's database had, and every table is compared with the backup's
 *    columns.
 * 4. In one transaction: the tables are emptied (the migrations' seed rows, or with --force the
 *    rows there were), user triggers are switched off (console_events' identity trigger would
 *    rewrite who wrote each event), the rows are sent with COPY from a second read of the file —
 *    checked again as it goes by, so a file changed between the reads rolls everything back —
 *    the sequences are set, the triggers switched on, and one console_events row records the
 *    restore. A failure rolls all of it back; into an empty target, the migrations it ran are
 *    reverted too, so the database is empty again.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sequelize } from 'sequelize';
import { migrations as ALL_MIGRATIONS } from '../../../migrations';
import {
  BackupFault,
  BackupReader,
  type BackupHeader,
  type BackupTable,
  type BackupTrailer,
  type SectionEnd,
} from '../../integrity/backup-v1';
import { connectClient } from '../../platform/db/pg-client';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import { readChunks } from '../../platform/files/input-file';
import { createMigrator, initialise, migrationStatus } from '../../schema/migrator';
import { AppError, isAppError } from '../../shared/errors';
import type { Operator } from '../../shared/model/operator';
import { applySealSession } from '../seals/log-sql';
import { publicRelations, readTables } from './catalogue';
import { readBackup, type BackupCheck } from './verify';

export interface RestoreOptions {
  force: boolean;
  operator: Operator;
  /** Rows restored so far, of all. */
  progress?: (rows: number, total: number) => void;
}

export interface RestoreResult {
  check: BackupCheck;
  header: BackupHeader;
  trailer: BackupTrailer;
  database: string;
  serverVersion: string;
  /** Whether the target held anything before (only with --force). */
  replaced: boolean;
  migrationsRun: string[];
  rows: number;
  verifyMs: number;
  restoreMs: number;
  eventId: string | null;
}

export interface RestoreTarget {
  config: pg.ClientConfig;
  sequelize: Sequelize;
}

/** The fault as a sentence that says nothing was written. */
export function faultMessage(fault: BackupFault): string {
  return `The backup is not sound: ${fault.message} Nothing was restored.`;
}

function checkMigrations(header: BackupHeader): string | null {
  const names = ALL_MIGRATIONS.map((m) => m.name);
  const unknown = header.migrations.filter((m) => !names.includes(m));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION',
      `The backup's database was migrated by a newer console (${unknown.join(', ')}): restore it with that console or a newer one.`,
    );
  }
  const prefix = names.slice(0, header.migrations.length);
  if (prefix.join('\n') !== [...header.migrations].sort().join('\n')) {
    throw new AppError('VALIDATION', `The backup's migrations are not a prefix of this console's list: ${header.migrations.join(', ')}.`);
  }
  return header.migrations.at(-1) ?? null;
}

function sameColumns(a: BackupTable, b: BackupTable): boolean {
  const key = (t: BackupTable) =>
    t.columns
      .map((c) => `${c.name}\t${c.type}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/** Events of the reader, replayed in order with the COPY streams' back-pressure. */
type ReaderEvent = { kind: 'start'; table: BackupTable } | { kind: 'rows'; data: Buffer } | { kind: 'end'; end: SectionEnd };

async function writeAll(stream: Writable, data: Buffer): Promise<void> {
  if (!stream.write(data)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (e: unknown) => {
        stream.off('drain', onDrain);
        reject(e);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  }
}

function abortCopy(stream: Writable, error: unknown): Promise<void> {
  if (stream.destroyed) return Promise.resolve(); // the server's error ended it already
  return new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
}

function finish(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end();
  });
}

/** The second read: the rows into COPY, the file checked again on the way. */
async function copyRows(client: pg.Client, path: string, check: BackupCheck, progress: RestoreOptions['progress']): Promise<number> {
  const queue: ReaderEvent[] = [];
  const reader = new BackupReader({
    sectionStart: (_i, table) => queue.push({ kind: 'start', table }),
    rows: (data) => queue.push({ kind: 'rows', data }),
    sectionEnd: (end) => queue.push({ kind: 'end', end }),
  });
  let stream: Writable | null = null;
  let rows = 0;
  const total = check.trailer!.rows;
  const changed = (what: string) =>
    new AppError('CONFLICT', `The backup file changed while it was restored (${what}); everything was rolled back.`);
  try {
    for await (const chunk of readChunks(path, { what: 'Restoring the backup' })) {
      try {
        reader.push(chunk);
      } catch (error) {
        if (error instanceof BackupFault) throw changed(error.message);
        throw error;
      }
      for (const event of queue.splice(0)) {
        if (event.kind === 'start') {
          const columns = event.table.columns.map((c) => quoteIdentifier(c.name)).join(', ');
          // Names from the verified header, quoted; COPY takes no parameters.
          // FREEZE: the table was emptied in this transaction, so the rows can be written frozen.
          stream = client.query(copyFrom(`COPY public.${quoteIdentifier(event.table.name)} (${columns}) FROM STDIN WITH (FREEZE)`));
        } else if (event.kind === 'rows') {
          await writeAll(stream!, event.data);
        } else {
          await finish(stream!);
          stream = null;
          rows += event.end.rows;
          progress?.(rows, total);
        }
      }
    }
  } catch (error) {
    // A COPY still open would hold the connection (ROLLBACK would wait behind it for ever):
    // end it with CopyFail first.
    if (stream) await abortCopy(stream, error);
    throw error;
  }
  try {
    const { trailer } = reader.end();
    if (trailer.sha256 !== check.trailer!.sha256) throw changed('its digest differs from the first read');
  } catch (error) {
    if (error instanceof BackupFault) throw changed(error.message);
    throw error;
  }
  return rows;
}

/**
 * Drops the foreign keys and the indexes that back no constraint of `tables`, inside the
 * restore's transaction; returns the statements that make them again, indexes first.
 */
async function setAsideIndexesAndForeignKeys(client: pg.Client, tables: readonly string[]): Promise<string[]> {
  const { rows: keys } = await client.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND t.relname = ANY($1)
      ORDER BY 1, 2`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = x.indrelid AND c.conindid = x.indexrelid)
      ORDER BY 1`,
    [tables],
  );
  const table = (name: string) => `public.${quoteIdentifier(name)}`;
  for (const k of keys) {
    const drop = `ALTER TABLE ${table(k.table)} DROP CONSTRAINT ${quoteIdentifier(k.name)}`;
    await client.query(drop);
  }
  for (const i of indexes) {
    const drop = `DROP INDEX public.${quoteIdentifier(i.name)}`;
    await client.query(drop);
  }
  // The definitions are the server's own text from its catalogue (pg_get_indexdef, pg_get_constraintdef).
  return [
    ...indexes.map((i) => i.def),
    ...keys.map((k) => `ALTER TABLE ${table(k.table)} ADD CONSTRAINT ${quoteIdentifier(k.name)} ${k.def}`),
  ];
}

interface TriggerRow {
  table: string;
  trigger: string;
}

export async function restoreBackup(path: string, target: RestoreTarget, options: RestoreOptions): Promise<RestoreResult> {
  const check = await readBackup(path);
  if (check.fault) throw new AppError('VALIDATION', faultMessage(check.fault));
  const header = check.header!;
  const trailer = check.trailer!;
  const last = checkMigrations(header);
  const started = Date.now();

  const client = await connectClient(target.config, { setup: ["SET client_encoding = 'UTF8'", 'SET jit = off'] });
  try {
    const { rows: facts } = await client.query<{ db: string; version: string }>(
      `SELECT current_database() AS db, current_setting('server_version') AS version`,
    );
    const database = facts[0]!.db;
    const existing = await publicRelations(client);
    if (existing.length > 0 && !options.force) {
      const shown = existing.slice(0, 8).join(', ') + (existing.length > 8 ? `, … (${existing.length} in all)` : '');
      throw new AppError(
        'CONFLICT',
        `Database ${database} is not empty (${shown}): restore writes only into an empty database; ` +
          'pass --force to replace the rows of its governance tables with the backup.',
      );
    }
    if (existing.length > 0) {
      const status = await migrationStatus(target.sequelize);
      const newer = [...status.applied, ...status.unknown].filter((m) => !header.migrations.includes(m));
      if (newer.length > 0) {
        throw new AppError(
          'CONFLICT',
          `Database ${database} has migrations the backup's database did not (${newer.join(', ')}): ` +
            'restore into an empty database instead.',
        );
      }
    }
    const wasEmpty = existing.length === 0;

    let migrationsRun: string[] = [];
    const undoMigrations = async () => {
      if (!wasEmpty || migrationsRun.length === 0) return '';
      try {
        await createMigrator(target.sequelize).down({ to: 0 });
        // The bookkeeping table the first migration created, empty now.
        await client.query('DROP TABLE IF EXISTS public.console_migrations');
        return ' The migrations the restore had run were reverted: the database is empty again.';
      } catch {
        return ' The migrations the restore had run are still applied (reverting them failed): the database holds the schema and no rows of the backup.';
      }
    };

    try {
      if (last !== null) {
        const result = await initialise(target.sequelize, { operator: options.operator, to: last });
        migrationsRun = result.applied;
      }
      const tables = new Map((await readTables(client)).map((t) => [t.name, t]));
      const mismatched = header.tables.filter((t) => !tables.has(t.name) || !sameColumns(t, tables.get(t.name)!));
      if (mismatched.length > 0) {
        throw new AppError(
          'SCHEMA_MISMATCH',
          `After the migrations, these tables differ from the backup's (missing or other columns): ${mismatched.map((t) => t.name).join(', ')}. ` +
            'Nothing was restored.',
        );
      }
    } catch (error) {
      const undone = await undoMigrations();
      if (isAppError(error)) throw new AppError(error.code, `${error.message}${undone}`, { cause: error });
      throw error;
    }

    let rows = 0;
    let eventId: string | null = null;
    try {
      await client.query('BEGIN');
      await applySealSession(client);
      const names = header.tables.map((t) => `public.${quoteIdentifier(t.name)}`).join(', ');
      // Names from the verified header, quoted.
      const truncate = `TRUNCATE ${names}`;
      if (names.length > 0) await client.query(truncate);
      const { rows: triggers } = await client.query<TriggerRow>(
        `SELECT c.relname AS "table", t.tgname AS "trigger" FROM pg_trigger t
           JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY($1)
          ORDER BY 1, 2`,
        [header.tables.map((t) => t.name)],
      );
      const alter = (verb: string, t: TriggerRow) =>
        `ALTER TABLE public.${quoteIdentifier(t.table)} ${verb} TRIGGER ${quoteIdentifier(t.trigger)}`;
      for (const t of triggers) await client.query(alter('DISABLE', t));
      // As pg_restore does: rows first, then the secondary indexes and foreign keys, each built
      // once over the whole table instead of row by row (what the catalogue said, made again).
      const deferred = await setAsideIndexesAndForeignKeys(
        client,
        header.tables.map((t) => t.name),
      );
      rows = await copyRows(client, path, check, options.progress);
      for (const statement of deferred) await client.query(statement);
      for (const s of header.sequences) {
        if (s.last_value === null) continue;
        await client.query('SELECT setval($1::regclass, $2::bigint, true)', [`public.${quoteIdentifier(s.name)}`, s.last_value]);
      }
      for (const t of triggers) await client.query(alter('ENABLE', t));
      if (header.tables.some((t) => t.name === 'console_events')) {
        const { rows: event } = await client.query<{ id: string }>(
          `INSERT INTO console_events (operator_name, operator_email, action, target_kind, target_id, before, after)
           VALUES ($1, $2, 'database.restore', 'database', $3, $4::jsonb, $5::jsonb) RETURNING id::text AS id`,
          [
            options.operator.name,
            options.operator.email ?? null,
            database,
            JSON.stringify({ relations: existing.length }),
            JSON.stringify({
              backup_id: header.backup_id,
              file_sha256: check.sha256,
              source: header.source,
              snapshot_at: header.snapshot_at,
              rows,
            }),
          ],
        );
        eventId = event[0]!.id;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const undone = await undoMigrations();
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        isAppError(error) ? error.code : 'CONFLICT',
        `The restore failed and was rolled back: no row of the backup was written (${reason}).${undone}`,
        { cause: error },
      );
    }
    return {
      check,
      header,
      trailer,
      database,
      serverVersion: facts[0]!.version,
      replaced: !wasEmpty,
      migrationsRun,
      rows,
      verifyMs: check.durationMs,
      restoreMs: Date.now() - started,
      eventId,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
