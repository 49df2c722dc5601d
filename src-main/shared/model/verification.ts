/**
 * Verification results as they cross to the renderer, the CLI's JSON and exported reports.
 * Plain data; the engines in src-main/integrity produce them.
 */

/** db-v1 row verdict reasons: see src-main/integrity/db-v1.ts. */
export type DbV1Reason = 'hash-mismatch' | 'bad-stored-hash' | 'bad-created-at';

export interface VerifyDbFailure {
  id: string;
  trace_id: string | null;
  /** As PostgreSQL prints it. */
  created_at: string | null;
  stored: string | null;
  computed: string | null;
  verdict: 'tampered' | 'unverifiable';
  reason: DbV1Reason;
  /** The row's 1-based position in (created_at, id) order among the rows verified. */
  position?: number;
}

export interface VerifyDbResult {
  format: 'db-v1';
  total: number;
  ok: number;
  tampered: number;
  unverifiable: number;
  failures: VerifyDbFailure[];
  /** Failures beyond the list's limit, counted but not listed. */
  failures_not_listed: number;
  /** What db-v1 cannot see, stated with every result. */
  not_covered: string;
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

export interface VerifyFileResult {
  format: 'jsonl-v1';
  total: number;
  ok: number;
  tampered: number;
  malformed: number;
  /** One entry per line, in order. */
  entries: VerifyFileEntry[];
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

/** The result of importing an audit.jsonl file (govcon import-jsonl --json prints it). */
export interface ImportResult {
  format: 'jsonl-v1';
  /** The path as given. */
  file: string;
  file_name: string;
  /** SHA-256 (hex) of the bytes imported: the file as it was when the import started. */
  sha256: string;
  size: number;
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
  /** Lines whose row the service itself already wrote (same trace_id and db-v1 hash, not imported). */
  matched_existing: number;
  /** How many lines were rejected (not ok, or not importable). */
  rejected_total: number;
  /** The rejected lines, in order (at most `maxListed`). */
  rejected: ImportRejection[];
  rejected_not_listed: number;
  duration_ms: number;
  /** The console_events row recorded for this run. */
  event_id: string;
}
