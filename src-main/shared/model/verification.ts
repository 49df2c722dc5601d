/**
 * What the verification and import engines find, before it becomes a govcon/v2 report
 * (report.ts; the mapping is domains/verification/reports/). Plain data.
 */

/** db-v1 row verdict reasons: see src-main/integrity/db-v1.ts. */
export type DbV1Reason = 'hash-mismatch' | 'bad-stored-hash' | 'bad-created-at';

export interface VerifyDbFailure {
  /** 1-based ordinal of the row in (created_at, id) order, in the snapshot verified. */
  position: number;
  id: string;
  trace_id: string | null;
  /** As PostgreSQL prints it. */
  created_at: string | null;
  stored: string | null;
  computed: string | null;
  verdict: 'tampered' | 'unverifiable';
  reason: DbV1Reason;
}

/** One row and its verdict (listed only when every row is asked for). */
export interface VerifyDbEntry {
  position: number;
  id: string;
  verdict: 'ok' | 'tampered' | 'unverifiable';
  reason: DbV1Reason | null;
}

/** Where a database judgement ran: the server, the database, and the snapshot read. */
export interface DatabaseSnapshot {
  /** host:port as connected (never a password). */
  server: string;
  server_version: string | null;
  database: string;
  /** The snapshot's time on the server (UTC, ISO 8601). */
  snapshot_at: string | null;
}

export interface VerifyDbResult {
  format: 'db-v1';
  snapshot: DatabaseSnapshot;
  total: number;
  ok: number;
  tampered: number;
  unverifiable: number;
  failures: VerifyDbFailure[];
  /** Failures beyond the list's limit, counted but not listed. */
  failures_not_listed: number;
  /** Every row, with `all`; null otherwise. */
  entries: VerifyDbEntry[] | null;
}

export type JsonlVerdict = 'ok' | 'tampered' | 'malformed';
export type JsonlReason =
  | 'bad-utf8'
  | 'bom'
  | 'blank'
  | 'bad-json'
  | 'not-object'
  | 'missing-hash'
  | 'bad-timestamp'
  | 'hash-mismatch'
  /** Longer than the line-length limit (16 MiB unless --max-line-bytes says otherwise): not read at all. */
  | 'line-too-long';

export interface VerifyFileEntry {
  /** 1-based line number. */
  line: number;
  verdict: JsonlVerdict;
  reason?: JsonlReason;
  /** For a person, when the reason needs more than its name (line-too-long: how long, and the limit). */
  message?: string;
}

/** The bytes a file judgement judged. */
export interface FileFacts {
  /** The path as given. */
  path: string;
  size: number;
  /** Lowercase hex SHA-256 of exactly the bytes judged. */
  sha256: string;
}

export interface VerifyFileResult {
  format: 'jsonl-v1';
  file: FileFacts;
  total: number;
  ok: number;
  tampered: number;
  malformed: number;
  /** The lines that are not ok, in order (at most the list's limit). */
  failures: VerifyFileEntry[];
  failures_not_listed: number;
  /** Every line, with `all`; null otherwise. */
  entries: VerifyFileEntry[] | null;
}

/** A line an import did not take, and why. */
export interface ImportRejection {
  /** 1-based line number in the file. */
  line: number;
  /** jsonl-v1's verdict for the line: tampered or malformed, or ok but not importable. */
  verdict: JsonlVerdict;
  /** A jsonl-v1 reason, a constraint the line would break (bad-drag-mode…), or database-rejected. */
  reason: string;
  /** For a person (constraint broken, PostgreSQL's message). */
  message: string;
}

/** A line whose row the database already holds (same trace_id and db-v1 hash) with other values. */
export interface ImportDifference {
  line: number;
  /** The existing audit_logs row compared. */
  audit_log_id: string;
  /** The columns whose values differ from what the line maps to. */
  columns: string[];
}

/** What became of one line of an import (listed only when every line is asked for). */
export type ImportLineVerdict =
  | 'imported'
  | 'already-present'
  | 'duplicate'
  | 'matched-existing'
  | 'differs-from-database'
  | 'tampered'
  | 'malformed'
  | 'not-importable'
  | 'database-rejected';

export interface ImportEntry {
  line: number;
  verdict: ImportLineVerdict;
  reason: string | null;
  /** The audit_logs row: the one written, or the existing one compared. */
  id: string | null;
}

/** The result of importing an audit.jsonl file (mapped to an import report). */
export interface ImportResult {
  format: 'jsonl-v1';
  file: FileFacts;
  /** The console_import_files row of this run. */
  import_id: string;
  /** Lines in the file. */
  total: number;
  /** Lines imported by this run (one audit_logs row and one custody line each). */
  imported: number;
  /** Lines already in custody from an earlier import (same trace_id and original hash). */
  already_present: number;
  /** Lines that repeat an earlier line of this file (same trace_id and hash). */
  duplicates: number;
  /** Lines whose row the service itself already wrote, identical in every column the line gives. */
  matched_existing: number;
  /** Lines whose row exists (same trace_id and db-v1 hash) with other values: not imported, never merged. */
  differs: number;
  differences: ImportDifference[];
  /** How many lines were rejected (not ok, or not importable). */
  rejected_total: number;
  /** The rejected lines, in order (at most `maxListed`). */
  rejected: ImportRejection[];
  /** Rejections and differences beyond the lists' limit, counted but not listed. */
  rejected_not_listed: number;
  differences_not_listed: number;
  /** Every line with what became of it, when asked for; null otherwise. */
  entries: ImportEntry[] | null;
  duration_ms: number;
  /** The console_events row recorded for this run. */
  event_id: string;
}

/** One import run as the Integrity page lists it (console_import_files). */
export interface ImportRunDto {
  id: string;
  fileName: string;
  filePath: string;
  sha256: string;
  size: number;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  operator: string;
  importedAt: string;
  finishedAt: string | null;
  totalLines: number | null;
  imported: number | null;
  alreadyPresent: number | null;
  duplicates: number | null;
  matchedExisting: number | null;
  /** From the run's console event (runs recorded before it was counted: null). */
  differs: number | null;
  rejected: number | null;
  /** Custody lines this run brought in, now. */
  custodyLines: number;
}
