/**
 * Imports the service's `logs/audit.jsonl` into `audit_logs`, with a chain of custody
 * (tables console_import_files and console_import_lines, migration
 * 20261127T010000-import-custody), and re-proves imported rows from that custody.
 *
 * - The file is streamed and split on `\n` (DESIGN.md §2); each line is verified by
 *   jsonl-v1 and mapped onto a row (import-jsonl-line.ts). Only ok lines that fit the
 *   table's constraints are imported; every other line is reported with its number and
 *   reason.
 * - A line is recognised by (trace_id, original hash), never by its position: lines already
 *   in custody (an earlier import, an earlier line of this file) are skipped, and so are
 *   lines whose row the service already wrote itself (same trace_id, same db-v1 hash). So
 *   importing the same file again, or a later copy of a log that has grown or been rotated,
 *   imports nothing twice.
 * - Lines go in batches (5,000 by default), each in its own transaction: the batch's lines
 *   are classified (already known or new), then COPY of the new rows into audit_logs and of
 *   their custody lines. An interrupted import (killed process, lost connection) leaves
 *   whole batches only, and running it again completes it.
 * - Two connections write batches side by side (PostgreSQL fills one while the other
 *   commits), while the next batch is read and verified; batch data is encoded into COPY
 *   text as lines are read, off the JavaScript heap. A line repeated in two batches written
 *   at once makes the later one wait, fail on custody's UNIQUE (trace_id, original_hash)
 *   and be classified again. One import runs at a time per database (a session advisory
 *   lock; a second one waits).
 * - Each run is one console_import_files row and, when it ends, one console_events row
 *   (operator, file name, SHA-256, counts), written in the same transaction.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ADVISORY_LOCKS } from '../../platform/db/advisory-locks';
import { classifyConnectError, isConcurrencyFailure, isDataError, sqlState } from '../../platform/db/errors';
import { connectClient, contextOf, JOB_SESSION_SETUP } from '../../platform/db/pg-client';
import { copyField } from '../../integrity/copy-text-writer';
import { inTransaction } from '../../platform/db/transaction';
import type { JsonlReason } from '../../integrity/jsonl-v1';
import { LineSplitter } from '../../integrity/line-splitter';
import { AppError } from '../../shared/errors';
import type { Operator } from '../../shared/model/operator';
import { abortError, fileError } from '../../platform/files/file-errors';
import type { ImportRejection as SharedImportRejection, ImportResult } from '../../shared/model/verification';
import { importLine, type ImportMappingReason, type MappedAuditRow } from './map-line';

export type ImportRejectionReason = JsonlReason | ImportMappingReason | 'database-rejected';

export interface ImportRejection extends SharedImportRejection {
  reason: ImportRejectionReason;
}

export interface ImportProgress {
  bytes_done: number;
  bytes_total: number;
  /** Lines read and verified so far. */
  lines: number;
  /** Lines committed so far. */
  imported: number;
  already_present: number;
  duplicates: number;
  matched_existing: number;
  rejected: number;
}

export interface ImportJsonlOptions {
  /** Who runs the import: recorded in custody and in the console event. */
  operator: Operator;
  /** Lines per transaction (default 5,000). */
  batchSize?: number;
  /** Connections writing batches side by side (default 2; 1 writes them strictly in file order). */
  connections?: number;
  /** Called after each chunk read and each batch committed. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Aborting stops the import after the batch being written (committed batches stay):
   * the run is recorded as cancelled, and the promise rejects with an 'AbortError'.
   */
  signal?: AbortSignal;
  /** At most this many rejected lines are listed (all are counted); default 100,000. */
  maxListed?: number;
}

export interface ImportJsonlResult extends ImportResult {
  rejected: ImportRejection[];
}

const DEFAULT_BATCH = 5000;
const CHUNK_BYTES = 1 << 20;
const MAX_LISTED = 100_000;

/** pg_advisory_lock keys held by a running import: 'GCON' and 2 (migrations use 1). */
export const IMPORT_LOCK_KEYS = ADVISORY_LOCKS.import;
/** Connections writing batches side by side (PostgreSQL works on one while another commits). */
const DEFAULT_CONNECTIONS = 2;

/** user_id last: it is looked up when the batch is written, the rest is encoded as lines are read. */
const AUDIT_COLUMNS =
  'id, trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome, error, ' +
  'duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria, integrity_hash, created_at, user_id';
const COPY_AUDIT = `COPY audit_logs (${AUDIT_COLUMNS}) FROM STDIN`;
/**
 * Custody lines go in COPY's binary format: the raw line is sent as it is, with no escaping
 * on either side (it is most of the bytes of an import).
 */
const COPY_CUSTODY = 'COPY console_import_lines (audit_log_id, file_id, line_number, trace_id, original_hash, raw_line) FROM STDIN (FORMAT binary)';

/**
 * Which lines of a batch are known already: in custody (with the run that brought them), or
 * written by the service itself (same trace_id and db-v1 hash). LATERAL … LIMIT 1 keeps
 * both look-ups on their indexes whatever the statistics say (a hash join would read the
 * whole tables for every batch).
 */
const CLASSIFY = `
  SELECT k.i::int AS i, c.file_id::text AS file_id
    FROM unnest($1::text::uuid[], $2::text::text[], $3::text::text[]) WITH ORDINALITY AS k(t, oh, dh, i)
    LEFT JOIN LATERAL (SELECT l.file_id FROM console_import_lines l WHERE l.trace_id = k.t AND l.original_hash = k.oh LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT true AS found FROM audit_logs a WHERE a.trace_id = k.t AND a.integrity_hash || '' = k.dh LIMIT 1) e ON true
   WHERE c.file_id IS NOT NULL OR e.found`;

/** user_id by actor e-mail, case-insensitively; the oldest account when several match. */
const USERS_BY_EMAIL = `
  SELECT DISTINCT ON (e.email) e.email, u.id::text AS id
    FROM unnest($1::text[]) AS e(email)
    JOIN users u ON lower(u.email) = lower(e.email)
   ORDER BY e.email, u.created_at NULLS LAST, u.id`;

const INSERT_RUN = `
  INSERT INTO console_import_files (file_name, file_path, file_sha256, file_size, operator_name, operator_email)
  VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING id::text`;

const FINISH_RUN = `
  UPDATE console_import_files
     SET finished_at = clock_timestamp() AT TIME ZONE 'UTC', status = $2, total_lines = $3, imported = $4,
         already_present = $5, duplicates = $6, matched_existing = $7, rejected = $8
   WHERE id = $1`;

const INSERT_EVENT = `
  INSERT INTO console_events (operator_name, operator_email, action, target_kind, target_id, before, after)
  VALUES ($1, $2, 'audit.import', 'import_file', $3, NULL, $4::jsonb)
  RETURNING id::text`;

interface Counts {
  total: number;
  imported: number;
  already_present: number;
  duplicates: number;
  matched_existing: number;
  rejected_total: number;
}

/** SHA-256 of the first `size` bytes of the file. */
async function fileSha256(file: string, size: number, signal?: AbortSignal): Promise<string> {
  const hash = crypto.createHash('sha256');
  if (size > 0) {
    for await (const chunk of fs.createReadStream(file, { start: 0, end: size - 1, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw abortError(signal, 'Import');
      hash.update(chunk);
    }
  }
  return hash.digest('hex');
}

function isCustodyConflict(error: unknown): boolean {
  const e = sqlState(error);
  return e.code === '23505' && e.constraint === 'console_import_lines_trace_hash_key';
}

async function copyIn(client: pg.Client, sql: string, data: string | Buffer): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}

/** A jsonb value as json.dumps writes it (printable ASCII) in COPY TEXT: only `\` needs escaping. */
function copyJson(json: string | null): string {
  if (json === null) return '\\N';
  return json.indexOf('\\') === -1 ? json : json.replaceAll('\\', '\\\\');
}

/**
 * The COPY TEXT of an audit_logs row in AUDIT_COLUMNS order, up to and including the tab
 * before user_id.
 */
function auditCopyPrefix(id: string, r: MappedAuditRow): string {
  return (
    id +
    '\t' +
    r.trace_id +
    '\t' +
    copyField(r.actor_name) +
    '\t' +
    copyField(r.actor_email) +
    '\t' +
    copyField(r.actor_role) +
    '\t' +
    r.drag_mode +
    '\t' +
    copyField(r.workflow_name) +
    '\t' +
    copyJson(r.parameters) +
    '\t' +
    r.outcome +
    '\t' +
    copyField(r.error) +
    '\t' +
    copyField(r.duration_seconds) +
    '\t' +
    copyJson(r.input_sources) +
    '\t' +
    copyJson(r.input_constraints) +
    '\t' +
    copyField(r.mission_objective) +
    '\t' +
    copyJson(r.mission_success_criteria) +
    '\t' +
    r.integrity_hash +
    '\t' +
    r.created_at +
    '\t'
  );
}

/** A growable byte buffer (off the JavaScript heap: no garbage collector work for batch data). */
class Bytes {
  buf: Buffer;
  length = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }
  private reserve(bytes: number): void {
    const need = this.length + bytes;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
  }
  /** Appends a string as UTF-8; returns the end offset. */
  write(text: string): number {
    // A UTF-16 unit takes at most 3 bytes; count exactly only near the end of the buffer.
    if (this.length + text.length * 3 > this.buf.length) this.reserve(Buffer.byteLength(text, 'utf8'));
    this.length += this.buf.write(text, this.length, 'utf8');
    return this.length;
  }
  /** Appends a big-endian int16 (COPY BINARY field count). */
  int16(v: number): void {
    this.reserve(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }
  /** Appends a big-endian int32 (COPY BINARY field length). */
  int32(v: number): void {
    this.reserve(4);
    this.buf.writeInt32BE(v, this.length);
    this.length += 4;
  }
  /** Appends a COPY BINARY bigint field (length and value) for a whole number below 2^53. */
  int64Field(v: number): void {
    this.int32(8);
    this.int32(Math.floor(v / 0x1_0000_0000));
    this.reserve(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }
  /** Appends a COPY BINARY uuid field from its canonical text (36 characters). */
  uuidField(text: string): void {
    this.int32(16);
    this.reserve(16);
    const buf = this.buf;
    let p = this.length;
    for (let i = 0; i < 36; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2d) continue;
      const d = text.charCodeAt(++i);
      buf[p++] = (hexDigit(c) << 4) | hexDigit(d);
    }
    this.length = p;
  }
  /** Appends a COPY BINARY text field holding these bytes exactly. */
  bytesField(bytes: Uint8Array): void {
    this.int32(bytes.length);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** Appends a COPY BINARY text field from ASCII text (a hex hash). */
  asciiField(text: string): void {
    this.int32(text.length);
    this.reserve(text.length);
    this.length += this.buf.write(text, this.length, 'latin1');
  }
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/** COPY BINARY's header (signature, flags, no extension) and trailer. */
const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Width of a line's key record: trace_id (36), original hash (64), db-v1 hash (64). */
const KEY_WIDTH = 164;

/**
 * The lines of one batch, encoded for COPY as they are read: the audit row in COPY TEXT (up
 * to user_id), the custody line in COPY BINARY, and the keys the batch is classified by.
 * Only the e-mail stays a JavaScript string (one per distinct address).
 */
class Batch {
  count = 0;
  readonly lineNumbers: Float64Array;
  readonly auditEnd: Int32Array;
  readonly custodyEnd: Int32Array;
  readonly emailSlot: Int32Array;
  readonly emails: string[] = [];
  private readonly emailIndex = new Map<string, number>();
  readonly audit: Bytes;
  readonly custody: Bytes;
  readonly keys: Buffer;

  constructor(
    readonly capacity: number,
    private readonly importId: string,
  ) {
    this.lineNumbers = new Float64Array(capacity);
    this.auditEnd = new Int32Array(capacity);
    this.custodyEnd = new Int32Array(capacity);
    this.emailSlot = new Int32Array(capacity);
    this.audit = new Bytes(capacity * 1024);
    this.custody = new Bytes(capacity * 1024);
    this.keys = Buffer.allocUnsafe(capacity * KEY_WIDTH);
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  /** Empties the batch for reuse: its buffers stay allocated (no page faults, no GC work). */
  reset(): void {
    this.count = 0;
    this.audit.length = 0;
    this.custody.length = 0;
    this.emails.length = 0;
    this.emailIndex.clear();
  }

  /** Adds an ok line: its number, its hash, its bytes (without the `\n`) and its row. */
  add(line: number, hash: string, bytes: Uint8Array, row: MappedAuditRow): void {
    const i = this.count++;
    const id = crypto.randomUUID();
    this.lineNumbers[i] = line;
    this.auditEnd[i] = this.audit.write(auditCopyPrefix(id, row));
    const c = this.custody;
    c.int16(6);
    c.uuidField(id);
    c.uuidField(this.importId);
    c.int64Field(line);
    c.uuidField(row.trace_id);
    c.asciiField(hash);
    c.bytesField(bytes);
    this.custodyEnd[i] = c.length;
    const k = i * KEY_WIDTH;
    this.keys.write(row.trace_id, k, 'latin1');
    this.keys.write(hash, k + 36, 'latin1');
    this.keys.write(row.integrity_hash, k + 100, 'latin1');
    if (row.actor_email === null) {
      this.emailSlot[i] = -1;
    } else {
      let slot = this.emailIndex.get(row.actor_email);
      if (slot === undefined) {
        slot = this.emails.length;
        this.emails.push(row.actor_email);
        this.emailIndex.set(row.actor_email, slot);
      }
      this.emailSlot[i] = slot;
    }
  }

  /** trace_id and original hash of line i (the key a line is recognised by). */
  key(i: number): string {
    return this.keys.toString('latin1', i * KEY_WIDTH, i * KEY_WIDTH + 100);
  }

  /** A PostgreSQL array literal of one key field of the given lines: `{a,b,…}`. */
  keyArray(lines: readonly number[], offset: number, width: number): string {
    const out = Buffer.allocUnsafe(lines.length * (width + 1) + 1);
    out[0] = 0x7b; // {
    let p = 1;
    const keys = this.keys;
    for (let j = 0; j < lines.length; j++) {
      const k = lines[j]! * KEY_WIDTH + offset;
      for (let b = 0; b < width; b++) out[p++] = keys[k + b]!;
      out[p++] = 0x2c; // ,
    }
    if (lines.length === 0) p++;
    out[p - 1] = 0x7d; // }
    return out.toString('latin1', 0, p);
  }

  /** COPY data for audit_logs: each line's encoded row, then its user_id. */
  auditCopy(lines: readonly number[], userIds: readonly (string | null)[]): Buffer {
    let size = 0;
    for (const i of lines) size += this.auditEnd[i]! - (i === 0 ? 0 : this.auditEnd[i - 1]!) + 37;
    const out = Buffer.allocUnsafe(size);
    let p = 0;
    for (const i of lines) {
      const start = i === 0 ? 0 : this.auditEnd[i - 1]!;
      out.set(this.audit.buf.subarray(start, this.auditEnd[i]!), p);
      p += this.auditEnd[i]! - start;
      const slot = this.emailSlot[i]!;
      const user = slot === -1 ? null : userIds[slot]!;
      p += out.write(user === null ? '\\N\n' : user + '\n', p, 'latin1');
    }
    return out.subarray(0, p);
  }

  /** COPY BINARY data for console_import_lines. */
  custodyCopy(lines: readonly number[]): Buffer {
    const parts =
      lines.length === this.count
        ? [this.custody.buf.subarray(0, this.custody.length)]
        : lines.map((i) => this.custody.buf.subarray(i === 0 ? 0 : this.custodyEnd[i - 1]!, this.custodyEnd[i]!));
    return Buffer.concat([BINARY_HEADER, ...parts, BINARY_TRAILER]);
  }
}

/** Writes batches of verified lines; one transaction per batch. */
class BatchWriter {
  constructor(
    private readonly client: pg.Client,
    private readonly importId: string,
    private readonly counts: Counts,
    private readonly reject: (r: ImportRejection) => void,
  ) {}

  async write(batch: Batch, lines: readonly number[] = Array.from({ length: batch.count }, (_, i) => i), retries = 3): Promise<void> {
    try {
      await this.attempt(batch, lines);
    } catch (error) {
      // Batches written side by side can meet: a line repeated in two of them (the second
      // waits for the first, then finds the key taken), or a deadlock between them. Once
      // the other has committed, classifying again sorts it out.
      if (retries > 0 && (isCustodyConflict(error) || isConcurrencyFailure(error))) return this.write(batch, lines, retries - 1);
      if (!isDataError(error)) throw error;
      // A row PostgreSQL refused although the mapping accepted it (another server encoding,
      // a limit): find it by halves, so every other line still goes in.
      if (lines.length === 1) {
        if (isCustodyConflict(error)) {
          this.counts.already_present++;
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        this.counts.rejected_total++;
        this.reject({ line: batch.lineNumbers[lines[0]!]!, verdict: 'ok', reason: 'database-rejected', message: `PostgreSQL refused the row: ${message}` });
        return;
      }
      const half = Math.ceil(lines.length / 2);
      await this.write(batch, lines.slice(0, half));
      await this.write(batch, lines.slice(half));
    }
  }

  private async attempt(batch: Batch, lines: readonly number[]): Promise<void> {
    const client = this.client;
    const found = { already: 0, dup: 0, existing: 0, imported: 0 };
    await inTransaction(client, async () => {
      const known = await client.query<{ i: number; file_id: string | null }>(CLASSIFY, [
        batch.keyArray(lines, 0, 36),
        batch.keyArray(lines, 36, 64),
        batch.keyArray(lines, 100, 64),
      ]);
      const skip = new Set<number>();
      for (const k of known.rows) {
        skip.add(k.i - 1);
        if (k.file_id === null) found.existing++;
        else if (k.file_id === this.importId) found.dup++;
        else found.already++;
      }
      const seen = new Set<string>();
      const fresh: number[] = [];
      for (let j = 0; j < lines.length; j++) {
        if (skip.has(j)) continue;
        const i = lines[j]!;
        const key = batch.key(i);
        if (seen.has(key)) {
          found.dup++;
          continue;
        }
        seen.add(key);
        fresh.push(i);
      }
      if (fresh.length === 0) return;

      const slots = new Set<number>();
      for (const i of fresh) if (batch.emailSlot[i]! !== -1) slots.add(batch.emailSlot[i]!);
      const userIds: (string | null)[] = batch.emails.map(() => null);
      if (slots.size > 0) {
        const emails = [...slots].map((slot) => batch.emails[slot]!);
        const byEmail = new Map<string, string>();
        for (const u of (await client.query<{ email: string; id: string }>(USERS_BY_EMAIL, [emails])).rows) byEmail.set(u.email, u.id);
        for (const slot of slots) userIds[slot] = byEmail.get(batch.emails[slot]!) ?? null;
      }
      await copyIn(client, COPY_AUDIT, batch.auditCopy(fresh, userIds));
      await copyIn(client, COPY_CUSTODY, batch.custodyCopy(fresh));
      found.imported = fresh.length;
    });
    this.counts.already_present += found.already;
    this.counts.duplicates += found.dup;
    this.counts.matched_existing += found.existing;
    this.counts.imported += found.imported;
  }
}

/** Opens a plain client for a long job: UTF-8, no statement timeout, no JIT (batches are small statements). */
function openClient(config: pg.ClientConfig): Promise<pg.Client> {
  return connectClient({ ...config, statement_timeout: 0 }, { setup: JOB_SESSION_SETUP });
}

async function requireCustody(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ lines: boolean; audit: boolean; events: boolean }>(
    `SELECT to_regclass('console_import_lines') IS NOT NULL AS lines, to_regclass('audit_logs') IS NOT NULL AS audit,
            to_regclass('console_events') IS NOT NULL AS events`,
  );
  const r = rows[0]!;
  if (!r.audit || !r.events || !r.lines) {
    throw new AppError(
      'SCHEMA_MISMATCH',
      r.audit
        ? 'This database has no import custody tables yet: run `govcon migrate up` first.'
        : 'This database has no audit_logs table: initialise it first (`govcon init`).',
    );
  }
}

/**
 * One import at a time per database: a second one waits here until the first ends (the
 * lock belongs to this connection's session, so it also goes when the process dies), and
 * can be cancelled while it waits.
 */
async function takeImportLock(client: pg.Client, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [...IMPORT_LOCK_KEYS]);
    if (rows[0]!.locked) return;
    if (signal?.aborted) throw abortError(signal, 'Import');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An error from the server or the connection (not a bug, not a file problem). */
function isDatabaseFailure(error: unknown): boolean {
  if (error instanceof AppError || !(error instanceof Error)) return false;
  if (error instanceof pg.DatabaseError) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return /Connection terminated|Client has encountered a connection error|not queryable/i.test(error.message) || (typeof code === 'string' && /^E[A-Z]+$/.test(code));
}

/**
 * The error an import that stopped on the database rejects with: the server's own reason
 * when it has a stable code (read-only, permission, timeout…), else a lost connection; with
 * what was kept either way.
 */
function stoppedOnDatabase(error: unknown, counts: Counts, config: pg.ClientConfig): AppError {
  const kept = `${counts.imported} lines were committed, in whole batches; running the same import again completes it.`;
  const known = classifyConnectError(error, contextOf(config));
  if (known.code !== 'INTERNAL' && known.code !== 'NOT_POSTGRES') {
    return new AppError(known.code, `${known.message} The import stopped: ${kept}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('CONNECTION_REFUSED', `The import stopped on a database error (${reason}). ${kept}`, { cause: error });
}

/**
 * Imports a jsonl-v1 file into `audit_logs` over a plain connection made from `config`.
 * Rejects with AppError FILE_ERROR (file unreadable, or changed while being imported),
 * SCHEMA_MISMATCH (database not migrated), a connection error code, or an 'AbortError'.
 */
export async function importJsonlFile(config: pg.ClientConfig, file: string, options: ImportJsonlOptions): Promise<ImportJsonlResult> {
  const started = Date.now();
  const { signal, onProgress } = options;
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULT_BATCH));
  const connections = Math.min(8, Math.max(1, Math.trunc(options.connections ?? DEFAULT_CONNECTIONS)));
  const maxListed = options.maxListed ?? MAX_LISTED;
  const operatorName = (options.operator.name ?? '').trim();
  if (!operatorName) throw new AppError('VALIDATION', 'An import needs an operator name.');
  const operatorEmail = options.operator.email?.trim() || null;
  signal?.throwIfAborted();

  let size: number;
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw fileError(`Cannot read ${file}`, error);
  }
  let sha256: string;
  try {
    sha256 = await fileSha256(file, size, signal);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw fileError(`Cannot read ${file}`, error);
  }
  const fileName = path.basename(file).slice(0, 255);

  const client = await openClient(config);
  const counts: Counts = { total: 0, imported: 0, already_present: 0, duplicates: 0, matched_existing: 0, rejected_total: 0 };
  const rejected: ImportRejection[] = [];
  let rejectedNotListed = 0;
  const reject = (r: ImportRejection) => {
    if (rejected.length < maxListed) rejected.push(r);
    else rejectedNotListed++;
  };
  let importId: string | null = null;
  const others: pg.Client[] = [];
  try {
    await requireCustody(client);
    await takeImportLock(client, signal);
    importId = (await client.query<{ id: string }>(INSERT_RUN, [fileName, path.resolve(file), sha256, size, operatorName.slice(0, 255), operatorEmail])).rows[0]!
      .id;
    const runId: string = importId;
    for (let i = 1; i < connections; i++) others.push(await openClient(config));
    const writers = [client, ...others].map((c) => new BatchWriter(c, runId, counts, reject));

    let bytesDone = 0;
    const progress = () =>
      onProgress?.({
        bytes_done: bytesDone,
        bytes_total: size,
        lines: counts.total,
        imported: counts.imported,
        already_present: counts.already_present,
        duplicates: counts.duplicates,
        matched_existing: counts.matched_existing,
        rejected: counts.rejected_total,
      });

    // Each connection writes one batch at a time, in turn; meanwhile the next batch is read
    // and verified. Each batch is one transaction, whichever connection writes it.
    const inflight: (Promise<void> | null)[] = writers.map(() => null);
    let turn = 0;
    let failure: { error: unknown } | null = null;
    const flush = async (batch: Batch) => {
      const k = turn++ % writers.length;
      if (inflight[k]) await inflight[k];
      if (failure) throw failure.error;
      inflight[k] = writers[k]!.write(batch).then(
        () => {
          batch.reset();
          spare.push(batch);
          progress();
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
    };
    const drain = async () => {
      await Promise.all(inflight);
      inflight.fill(null);
      if (failure) throw failure.error;
    };

    // Batches are reused once written: at most one per connection plus the one being filled
    // (and those a single chunk completed), so memory stays flat.
    const spare: Batch[] = [];
    const newBatch = () => spare.pop() ?? new Batch(batchSize, runId);
    let batch = newBatch();
    /** Full batches waiting to be written (a chunk read may fill more than one). */
    const ready: Batch[] = [];
    const onLine = (bytes: Uint8Array) => {
      const n = ++counts.total;
      const r = importLine(bytes);
      if (r.status === 'ok') {
        batch.add(n, r.hash, bytes, r.row);
        if (batch.full) {
          ready.push(batch);
          batch = newBatch();
        }
        return;
      }
      counts.rejected_total++;
      if (r.status === 'not-ok') {
        reject({ line: n, verdict: r.verdict, reason: r.reason, message: NOT_OK_MESSAGES[r.reason] });
      } else {
        reject({ line: n, verdict: 'ok', reason: r.reason, message: r.message });
      }
    };

    const splitter = new LineSplitter();
    const hash = crypto.createHash('sha256');
    const stream = size > 0 ? fs.createReadStream(file, { start: 0, end: size - 1, highWaterMark: CHUNK_BYTES }) : null;
    let readError: unknown = null;
    stream?.on('error', (error) => {
      readError = error;
    });
    progress();
    try {
      if (stream) {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          splitter.push(chunk, onLine);
          bytesDone += chunk.length;
          for (let full = ready.shift(); full !== undefined; full = ready.shift()) await flush(full);
          progress();
          if (signal?.aborted) break;
        }
      }
      if (!signal?.aborted) {
        splitter.end(onLine);
        for (let full = ready.shift(); full !== undefined; full = ready.shift()) await flush(full);
        if (batch.count > 0) await flush(batch);
      }
      await drain();
    } catch (error) {
      stream?.destroy();
      await Promise.all(inflight);
      if (readError !== null && error === readError) throw fileError(`Cannot read ${file}`, error);
      throw error;
    }
    progress();

    const status = signal?.aborted ? 'cancelled' : 'completed';
    const readSha = hash.digest('hex');
    const changed = status === 'completed' && readSha !== sha256;
    const eventId = await finishRun(client, importId, changed ? 'failed' : status, counts, {
      file: fileName,
      path: path.resolve(file),
      sha256,
      size,
      operatorName,
      operatorEmail,
      ...(changed ? { sha256_read: readSha } : {}),
    });
    if (changed) {
      throw new AppError(
        'FILE_ERROR',
        `${file} changed while it was being imported (its SHA-256 is no longer ${sha256}). The ${counts.imported} lines imported were verified one by one and stay; import again from a copy that is not being written to.`,
      );
    }
    if (status === 'cancelled') throw abortError(signal!, 'Import');
    return {
      format: 'jsonl-v1',
      file,
      file_name: fileName,
      sha256,
      size,
      import_id: importId,
      total: counts.total,
      imported: counts.imported,
      already_present: counts.already_present,
      duplicates: counts.duplicates,
      matched_existing: counts.matched_existing,
      rejected_total: counts.rejected_total,
      rejected,
      rejected_not_listed: rejectedNotListed,
      duration_ms: Date.now() - started,
      event_id: eventId,
    };
  } catch (error) {
    const finished = error instanceof AppError && error.code === 'FILE_ERROR' && /changed while/.test(error.message);
    if (importId !== null && !finished && (error as Error).name !== 'AbortError') {
      // Best effort: on a lost connection this fails too, and the run stays 'running'.
      await finishRun(client, importId, 'failed', counts, { file: fileName, path: path.resolve(file), sha256, size, operatorName, operatorEmail }).catch(
        () => undefined,
      );
    }
    if (isDatabaseFailure(error)) throw stoppedOnDatabase(error, counts, config);
    throw error;
  } finally {
    await Promise.all([client, ...others].map((c) => c.end().catch(() => undefined)));
  }
}

const NOT_OK_MESSAGES: Record<JsonlReason, string> = {
  'bad-utf8': 'not valid UTF-8',
  bom: 'starts with a byte-order mark',
  blank: 'empty or blank',
  'bad-json': 'not JSON as Python reads it',
  'not-object': 'JSON, but not an object',
  'missing-hash': 'no string integrity_hash',
  'bad-timestamp': 'no valid timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff])',
  'hash-mismatch': 'the integrity hash does not match the line (tampered)',
};

interface RunInfo {
  file: string;
  path: string;
  sha256: string;
  size: number;
  operatorName: string;
  operatorEmail: string | null;
  sha256_read?: string;
}

/** Closes the run's custody row and records its console event, in one transaction. */
async function finishRun(client: pg.Client, importId: string, status: string, counts: Counts, info: RunInfo): Promise<string> {
  return inTransaction(client, async () => {
    await client.query(FINISH_RUN, [
      importId,
      status,
      counts.total,
      counts.imported,
      counts.already_present,
      counts.duplicates,
      counts.matched_existing,
      counts.rejected_total,
    ]);
    const after = {
      import_id: importId,
      status,
      file: info.file,
      path: info.path,
      sha256: info.sha256,
      size: info.size,
      ...(info.sha256_read ? { sha256_read: info.sha256_read } : {}),
      total: counts.total,
      imported: counts.imported,
      already_present: counts.already_present,
      duplicates: counts.duplicates,
      matched_existing: counts.matched_existing,
      rejected: counts.rejected_total,
    };
    const { rows } = await client.query<{ id: string }>(INSERT_EVENT, [
      info.operatorName.slice(0, 255),
      info.operatorEmail?.slice(0, 255) ?? null,
      importId,
      JSON.stringify(after),
    ]);
    return rows[0]!.id;
  });
}

// ---------------------------------------------------------------------------------------
// Re-verification from custody
// ---------------------------------------------------------------------------------------

export type CustodyVerdict = 'ok' | 'line-not-ok' | 'line-differs' | 'row-deleted' | 'row-differs';

export interface CustodyFailure {
  /** The import run (console_import_files.id) and the line, which identify a custody line. */
  import_id: string;
  audit_log_id: string | null;
  file_name: string;
  line: number;
  verdict: Exclude<CustodyVerdict, 'ok'>;
  /** What failed: a jsonl-v1 reason, a mapping reason, or the columns that differ. */
  detail: string;
}

export interface CustodyVerifyResult {
  /** Custody lines checked. */
  total: number;
  ok: number;
  failed: number;
  failures: CustodyFailure[];
  failures_not_listed: number;
  /** What this check cannot see, stated with every result. */
  not_covered: string;
}

export interface CustodyVerifyOptions {
  /** Only the custody line of this audit_logs row. */
  auditLogId?: string;
  /** Only the lines one import run brought in. */
  importId?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  maxListed?: number;
  /** Lines per round trip (default 5,000). */
  pageSize?: number;
}

export const CUSTODY_BLIND_SPOTS =
  'Custody re-proves imported rows only: rows the service wrote itself have no line to be checked against. ' +
  'user_id is not compared (it is looked up from users at import time), nor id (it is what links the row to its line).';

/** The columns compared, as PostgreSQL compares them (jsonb and numeric by value). */
const COMPARED = [
  'trace_id',
  'actor_name',
  'actor_email',
  'actor_role',
  'drag_mode',
  'workflow_name',
  'parameters',
  'outcome',
  'error',
  'duration_seconds',
  'input_sources',
  'input_constraints',
  'mission_objective',
  'mission_success_criteria',
  'integrity_hash',
  'created_at',
] as const;

const EXPECTED_TABLE = `
  CREATE TEMP TABLE IF NOT EXISTS govcon_custody_expected (
    audit_log_id uuid PRIMARY KEY,
    trace_id uuid, actor_name varchar(255), actor_email varchar(255), actor_role varchar(50),
    drag_mode varchar(20), workflow_name varchar(100), parameters jsonb, outcome varchar(20), error text,
    duration_seconds numeric(10,3), input_sources jsonb, input_constraints jsonb, mission_objective text,
    mission_success_criteria jsonb, integrity_hash varchar(64), created_at timestamp
  ) ON COMMIT DELETE ROWS`;

const COMPARE = `
  SELECT e.audit_log_id::text AS audit_log_id,
         array_remove(ARRAY[${COMPARED.map((c) => `CASE WHEN a.${c} IS DISTINCT FROM e.${c} THEN '${c}' END`).join(', ')}], NULL) AS differs
    FROM govcon_custody_expected e
    JOIN audit_logs a ON a.id = e.audit_log_id
   WHERE (${COMPARED.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${COMPARED.map((c) => `e.${c}`).join(', ')})`;

const CUSTODY_PAGE = `
  SELECT l.file_id::text AS file_id, l.line_number::text AS line_number, l.audit_log_id::text AS audit_log_id,
         f.file_name, l.trace_id::text AS trace_id, l.original_hash, l.raw_line
    FROM console_import_lines l JOIN console_import_files f ON f.id = l.file_id
   WHERE (l.file_id, l.line_number) > ($1::uuid, $2::bigint)
     AND ($3::uuid IS NULL OR l.audit_log_id = $3::uuid)
     AND ($4::uuid IS NULL OR l.file_id = $4::uuid)
   ORDER BY l.file_id, l.line_number
   LIMIT $5`;

const CUSTODY_COUNT = `
  SELECT count(*)::text AS n FROM console_import_lines l
   WHERE ($1::uuid IS NULL OR l.audit_log_id = $1::uuid) AND ($2::uuid IS NULL OR l.file_id = $2::uuid)`;

interface CustodyRow {
  file_id: string;
  audit_log_id: string | null;
  file_name: string;
  line_number: string;
  trace_id: string;
  original_hash: string;
  raw_line: string;
}

/**
 * Re-proves imported rows from custody: each stored raw line must still verify by jsonl-v1
 * with its recorded hash and trace_id, and map to exactly the row it became (every column
 * the line gives, compared by PostgreSQL: jsonb and numeric by value, and the row's db-v1
 * hash). Also reports imported rows deleted since (custody keeps their line).
 */
export async function verifyCustody(config: pg.ClientConfig, options: CustodyVerifyOptions = {}): Promise<CustodyVerifyResult> {
  const client = await openClient(config);
  const maxListed = options.maxListed ?? MAX_LISTED;
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_BATCH);
  const result: CustodyVerifyResult = { total: 0, ok: 0, failed: 0, failures: [], failures_not_listed: 0, not_covered: CUSTODY_BLIND_SPOTS };
  // A page's failures, listed in custody order once the page is compared.
  let pageFailures: CustodyFailure[] = [];
  const fail = (row: CustodyRow, verdict: CustodyFailure['verdict'], detail: string) => {
    result.failed++;
    pageFailures.push({ import_id: row.file_id, audit_log_id: row.audit_log_id, file_name: row.file_name, line: Number(row.line_number), verdict, detail });
  };
  const listPage = () => {
    pageFailures.sort((a, b) => (a.import_id === b.import_id ? a.line - b.line : a.import_id < b.import_id ? -1 : 1));
    for (const f of pageFailures) {
      if (result.failures.length < maxListed) result.failures.push(f);
      else result.failures_not_listed++;
    }
    pageFailures = [];
  };
  try {
    await requireCustody(client);
    const auditLogId = options.auditLogId ?? null;
    const importId = options.importId ?? null;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await client.query(EXPECTED_TABLE);
    const expected = Number((await client.query<{ n: string }>(CUSTODY_COUNT, [auditLogId, importId])).rows[0]!.n);
    if (auditLogId !== null && expected === 0) {
      throw new AppError('NOT_FOUND', `No custody line for audit_logs row ${auditLogId}: it was not imported from a file.`);
    }
    options.onProgress?.(0, expected);
    let after: [string, string] = ['00000000-0000-0000-0000-000000000000', '0'];
    for (;;) {
      options.signal?.throwIfAborted();
      const page = (await client.query<CustodyRow>(CUSTODY_PAGE, [...after, auditLogId, importId, pageSize])).rows;
      if (page.length === 0) break;
      const last = page[page.length - 1]!;
      after = [last.file_id, last.line_number];
      let copy = '';
      const byId = new Map<string, CustodyRow>();
      for (const row of page) {
        result.total++;
        const r = importLine(Buffer.from(row.raw_line, 'utf8'));
        if (r.status === 'not-ok') {
          fail(row, 'line-not-ok', `${r.verdict}: ${r.reason}`);
          continue;
        }
        if (r.hash !== row.original_hash) {
          fail(row, 'line-differs', 'the line verifies with another hash than the one recorded');
          continue;
        }
        if (r.status === 'unmappable') {
          fail(row, 'line-differs', `the line cannot be mapped to a row (${r.reason}: ${r.message})`);
          continue;
        }
        if (r.row.trace_id !== row.trace_id) {
          fail(row, 'line-differs', `the line's trace_id ${r.row.trace_id} is not the recorded ${row.trace_id}`);
          continue;
        }
        if (row.audit_log_id === null) {
          fail(row, 'row-deleted', 'the audit_logs row imported from this line was deleted');
          continue;
        }
        byId.set(row.audit_log_id, row);
        const m = r.row;
        copy +=
          row.audit_log_id +
          '\t' +
          [
            m.trace_id,
            m.actor_name,
            m.actor_email,
            m.actor_role,
            m.drag_mode,
            m.workflow_name,
            m.parameters,
            m.outcome,
            m.error,
            m.duration_seconds,
            m.input_sources,
            m.input_constraints,
            m.mission_objective,
            m.mission_success_criteria,
            m.integrity_hash,
            m.created_at,
          ]
            .map(copyField)
            .join('\t') +
          '\n';
      }
      if (copy) {
        await copyIn(client, `COPY govcon_custody_expected (audit_log_id, ${COMPARED.join(', ')}) FROM STDIN`, copy);
        const differing = await client.query<{ audit_log_id: string; differs: string[] }>(COMPARE);
        for (const d of differing.rows) fail(byId.get(d.audit_log_id)!, 'row-differs', `differs in ${d.differs.join(', ')}`);
        await client.query('TRUNCATE govcon_custody_expected');
      }
      listPage();
      options.onProgress?.(result.total, expected);
    }
    await client.query('COMMIT');
    result.ok = result.total - result.failed;
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
