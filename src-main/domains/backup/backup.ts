/**
 * `govcon backup`: every table of a governance database into one govcon-backup/1 file
 * (integrity/backup-v1.ts, docs/formats.md "Backups"), read in one REPEATABLE READ snapshot with
 * COPY under fixed session settings, so the bytes do not depend on the server's version or
 * settings. Streamed: each COPY's data goes through a 1 MiB buffer to FILE.tmp with
 * synchronous writes (the write is the back-pressure), renamed to FILE only when complete.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { BACKUP_FORMAT, BackupWriter, type BackupHeader, type BackupTrailer } from '../../integrity/backup-v1';
import { copyOut } from '../../platform/db/copy-out';
import { connectClient } from '../../platform/db/pg-client';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import { abortError, fileError } from '../../platform/files/file-errors';
import { AppError } from '../../shared/errors';
import { SEAL_SESSION_SETTINGS, applySealSession } from '../seals/log-sql';
import { readSequences, readTables } from './catalogue';

export interface BackupOptions {
  consoleVersion: string;
  operator: string;
  /** Rows written so far, and the estimate of all (pg_class.reltuples), when known; after each table (awaited). */
  progress?: (rows: number, total: number | null) => void | Promise<void>;
  /** Cancels the backup: nothing is left (FILE.tmp removed). */
  signal?: AbortSignal;
}

export interface BackupResult {
  path: string;
  size: number;
  sha256: string;
  header: BackupHeader;
  trailer: BackupTrailer;
  durationMs: number;
}

const CHUNK = 1 << 20;

/** A file written through one reused buffer with synchronous writes: memory stays flat. */
class BufferedFile {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  constructor(private readonly fd: number) {}

  write(data: Buffer): void {
    if (data.length >= CHUNK) {
      this.flush();
      writeAll(this.fd, data);
      return;
    }
    if (this.used + data.length > CHUNK) this.flush();
    data.copy(this.buffer, this.used);
    this.used += data.length;
  }

  flush(): void {
    if (this.used > 0) writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
}

/** The settings of SEAL_SESSION_SETTINGS as name → value, for the header. */
function sessionSettings(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of SEAL_SESSION_SETTINGS) {
    const m = /^SET LOCAL (\w+) = '?([^']*)'?$/.exec(s);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export async function backupDatabase(config: pg.ClientConfig, out: string, options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const tmp = `${out}.tmp`;
  const client = await connectClient(config, { setup: ["SET client_encoding = 'UTF8'", 'SET jit = off'] });
  let fd: number | null = null;
  let renamed = false;
  let created = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await applySealSession(client);
    const { rows: facts } = await client.query<{
      version: string;
      num: string;
      db: string;
      at: string;
      managed: boolean;
      estimate: string;
    }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
              current_database() AS db,
              to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
              to_regclass('public.console_migrations') IS NOT NULL AS managed,
              (SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint::text FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r') AS estimate`,
    );
    const f = facts[0]!;
    if (!f.managed) {
      throw new AppError(
        'SCHEMA_MISSING',
        `Database ${f.db} is not managed by the console (no console_migrations): initialise it first (govcon init), then back it up.`,
      );
    }
    const { rows: migrationRows } = await client.query<{ name: string }>('SELECT name FROM console_migrations ORDER BY name');
    const tables = await readTables(client);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      backup_id: crypto.randomBytes(16).toString('hex'),
      snapshot_at: f.at,
      console_version: options.consoleVersion,
      operator: options.operator,
      source: {
        server: `${config.host ?? 'localhost'}:${config.port ?? 5432}`,
        database: f.db,
        server_version: f.version,
        server_version_num: Number(f.num),
      },
      session: sessionSettings(),
      migrations: migrationRows.map((r) => r.name),
      tables,
      sequences: await readSequences(client),
    };
    const writer = new BackupWriter(header);
    try {
      // 'wx': never another backup's FILE.tmp (two backups to one FILE, or one interrupted).
      fd = fs.openSync(tmp, 'wx', 0o600);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AppError('CONFLICT', `${tmp} exists: another backup to ${out} is running, or one was interrupted (then remove ${tmp}).`);
      }
      throw fileError(`Cannot write ${tmp}`, error);
    }
    const file = new BufferedFile(fd);
    file.write(writer.headerLine);
    const estimate = Number(f.estimate) || null;
    let rows = 0;
    for (const table of tables) {
      if (options.signal?.aborted) throw abortError(options.signal, 'The backup');
      file.write(writer.startSection(table.name));
      const columns = table.columns.map((c) => quoteIdentifier(c.name)).join(', ');
      // Names from the catalogue, quoted; COPY takes no parameters.
      const copied = await copyOut(client, `COPY public.${quoteIdentifier(table.name)} (${columns}) TO STDOUT`, (data) => {
        if (options.signal?.aborted) throw abortError(options.signal, 'The backup');
        writer.rows(data);
        file.write(data);
      });
      rows += copied;
      await options.progress?.(rows, estimate);
      file.write(writer.endSection());
    }
    await client.query('COMMIT');
    const durationMs = Date.now() - started;
    const end = writer.trailer(durationMs, new Date().toISOString());
    file.write(end.bytes);
    file.flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    try {
      fs.renameSync(tmp, out);
    } catch (error) {
      throw fileError(`Cannot write ${out}`, error);
    }
    renamed = true;
    // The rename itself made durable (not possible on every platform: best effort).
    try {
      const dir = fs.openSync(path.dirname(path.resolve(out)), 'r');
      try {
        fs.fsyncSync(dir);
      } finally {
        fs.closeSync(dir);
      }
    } catch {
      /* directory fsync unsupported */
    }
    return { path: out, size: end.size, sha256: end.fileSha256, header, trailer: end.trailer, durationMs };
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && (error as NodeJS.ErrnoException).syscall) {
      throw fileError(`Cannot write ${tmp}`, error);
    }
    throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
    if (created && !renamed) fs.rmSync(tmp, { force: true });
    await client.end().catch(() => undefined);
  }
}
