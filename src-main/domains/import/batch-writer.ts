/**
 * Writes batches of verified lines on one connection, one transaction per batch: the batch's
 * lines are classified (already known, or new), then the new ones go in by COPY, their
 * audit_logs rows and their custody lines together.
 */
import type pg from 'pg';
import { isConcurrencyFailure, isDataError, sqlState } from '../../platform/db/errors';
import { inTransaction } from '../../platform/db/transaction';
import { CopyBuffer } from '../../integrity/copy-binary';
import { COPY_AUDIT_ROWS } from './audit-copy';
import { KEY_FIELDS, type Batch } from './batch';
import { copyIn } from './copy-in';
import { COPY_CUSTODY_LINES } from './custody-copy';
import { differingLines, rowIdOf } from './differs';
import type { ImportCounts } from './import-run';
import type { ImportRejection } from './rejections';
import type { ImportDifference, ImportEntry } from '../../shared/model/verification';

/**
 * What becomes of the lines beyond the counts: each difference from the database (always),
 * and each line's verdict (only when every line is asked for). Called once a batch commits.
 */
export interface LineRecorder {
  difference(d: ImportDifference): void;
  entry?(e: ImportEntry): void;
}

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

/** Times a batch is classified again after meeting another one written at the same time. */
const CONFLICT_RETRIES = 3;

/** Custody's UNIQUE (trace_id, original_hash): the line went in meanwhile, by another batch. */
function isCustodyConflict(error: unknown): boolean {
  const e = sqlState(error);
  return e.code === '23505' && e.constraint === 'console_import_lines_trace_hash_key';
}

export class BatchWriter {
  /** This connection's audit COPY data, reused batch after batch (a batch's lines with their user_id). */
  private readonly auditData = new CopyBuffer(64 * 1024);

  constructor(
    private readonly client: pg.Client,
    private readonly importId: string,
    private readonly counts: ImportCounts,
    private readonly reject: (r: ImportRejection) => void,
    private readonly recorder: LineRecorder = { difference: () => undefined },
  ) {}

  /** Writes these lines of the batch (all by default), adding to the counts as they commit. */
  async write(
    batch: Batch,
    lines: readonly number[] = Array.from({ length: batch.count }, (_, i) => i),
    retries = CONFLICT_RETRIES,
  ): Promise<void> {
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
        const line = batch.lineNumbers[lines[0]!]!;
        this.counts.rejected_total++;
        this.reject({ line, verdict: 'ok', reason: 'database-rejected', message: `PostgreSQL refused the row: ${message}` });
        this.recorder.entry?.({ line, verdict: 'database-rejected', reason: 'database-rejected', id: null });
        return;
      }
      const half = Math.ceil(lines.length / 2);
      await this.write(batch, lines.slice(0, half));
      await this.write(batch, lines.slice(half));
    }
  }

  /**
   * One transaction: classify, compare the lines whose row exists, look up users, COPY. The
   * counts (and what the recorder hears) change only once it has committed.
   */
  private async attempt(batch: Batch, lines: readonly number[]): Promise<void> {
    const client = this.client;
    const found = { already: 0, dup: 0, existing: 0, imported: 0 };
    const entries: ImportEntry[] | null = this.recorder.entry ? [] : null;
    const note = (i: number, verdict: ImportEntry['verdict'], id: string | null = null) =>
      entries?.push({ line: batch.lineNumbers[i]!, verdict, reason: null, id });
    let differences: ImportDifference[] = [];
    await inTransaction(client, async () => {
      entries?.splice(0);
      const known = await client.query<{ i: number; file_id: string | null }>(CLASSIFY, [
        batch.keyArray(lines, KEY_FIELDS.traceId),
        batch.keyArray(lines, KEY_FIELDS.originalHash),
        batch.keyArray(lines, KEY_FIELDS.dbV1Hash),
      ]);
      const skip = new Set<number>();
      const existing: number[] = [];
      for (const k of known.rows) {
        const i = lines[k.i - 1]!;
        skip.add(k.i - 1);
        if (k.file_id === null) existing.push(i);
        else if (k.file_id === this.importId) {
          found.dup++;
          note(i, 'duplicate');
        } else {
          found.already++;
          note(i, 'already-present');
        }
      }
      // db-v1 covers eight fields: the row may still differ in the others. Never merged.
      const differing = await differingLines(client, batch, existing);
      const differs = new Map(differing.map((d) => [d.index, d]));
      differences = differing.map((d) => ({ line: batch.lineNumbers[d.index]!, audit_log_id: d.auditLogId, columns: d.columns }));
      for (const i of existing) {
        const d = differs.get(i);
        if (d) note(i, 'differs-from-database', d.auditLogId);
        else {
          found.existing++;
          note(i, 'matched-existing');
        }
      }
      const seen = new Set<string>();
      const fresh: number[] = [];
      for (let j = 0; j < lines.length; j++) {
        if (skip.has(j)) continue;
        const i = lines[j]!;
        const key = batch.key(i);
        if (seen.has(key)) {
          found.dup++;
          note(i, 'duplicate');
          continue;
        }
        seen.add(key);
        fresh.push(i);
      }
      if (fresh.length === 0) return;

      const userIds = await this.userIds(batch, fresh);
      await copyIn(client, COPY_AUDIT_ROWS, batch.auditCopy(fresh, userIds, this.auditData));
      await copyIn(client, COPY_CUSTODY_LINES, batch.custodyCopy(fresh));
      found.imported = fresh.length;
      if (entries) for (const i of fresh) note(i, 'imported', rowIdOf(batch, i));
    });
    this.counts.already_present += found.already;
    this.counts.duplicates += found.dup;
    this.counts.matched_existing += found.existing;
    this.counts.differs += differences.length;
    this.counts.imported += found.imported;
    for (const d of differences) this.recorder.difference(d);
    if (entries) for (const e of entries) this.recorder.entry!(e);
  }

  /** user_id by the batch's e-mail slots (null where no user has the address), for these lines. */
  private async userIds(batch: Batch, lines: readonly number[]): Promise<(string | null)[]> {
    const slots = new Set<number>();
    for (const i of lines) if (batch.emailSlot[i]! !== -1) slots.add(batch.emailSlot[i]!);
    const userIds: (string | null)[] = batch.emails.map(() => null);
    if (slots.size > 0) {
      const emails = [...slots].map((slot) => batch.emails[slot]!);
      const byEmail = new Map<string, string>();
      for (const u of (await this.client.query<{ email: string; id: string }>(USERS_BY_EMAIL, [emails])).rows) byEmail.set(u.email, u.id);
      for (const slot of slots) userIds[slot] = byEmail.get(batch.emails[slot]!) ?? null;
    }
    return userIds;
  }
}
