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
export type JsonlReason = 'bad-utf8' | 'bom' | 'blank' | 'bad-json' | 'not-object' | 'missing-hash' | 'bad-timestamp' | 'hash-mismatch';

export interface VerifyFileEntry {
  /** 1-based line number. */
  line: number;
  verdict: JsonlVerdict;
  reason?: JsonlReason;
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

/** What the Integrity page shows of an import run (the service's result carries more). */
export interface ImportSummary {
  format: 'jsonl-v1';
  file: string;
  sha256: string;
  /** Lines in the file. */
  total: number;
  /** Lines imported by this run. */
  imported: number;
  /** Lines already in custody from an earlier import (same trace_id and original hash). */
  already_present: number;
  /** Lines that repeat an earlier line of the same file. */
  duplicates: number;
  /** Lines whose row the service itself already wrote. */
  matched_existing: number;
  rejected_total: number;
  rejected: { line: number; verdict: JsonlVerdict; reason: string; message: string }[];
}
