/**
 * The audit log browser's data as it crosses to the renderer and the CLI's JSON. Timestamps are
 * ISO 8601 UTC with microseconds (`2026-03-01T14:10:00.123456Z`), as the table holds them.
 */
import type { RowSealProof } from './seals';
import type { DragMode, Outcome } from './vocabulary';

/** Newest first (the default) or oldest first: the same order (created_at, id) read either way. */
export const AUDIT_ORDERS = ['newest', 'oldest'] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

/**
 * A row's integrity status from the last database verification the console recorded
 * (console_verification_runs / _results, docs/architecture.md): verified (checked and ok),
 * broken (tampered), unverifiable, or not verified (added after it, or none ran yet).
 * `not-sealed` is kept for seals, which will say "sealed by which seal" per row.
 */
export const ROW_STATUSES = ['verified', 'broken', 'unverifiable', 'not-verified'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface AuditRowDto {
  id: string;
  traceId: string;
  userId: string | null;
  actorName: string;
  actorEmail: string | null;
  actorRole: string | null;
  dragMode: DragMode;
  workflowName: string;
  outcome: Outcome;
  /** The first 200 characters; the drawer shows it whole. */
  error: string | null;
  durationSeconds: string | null;
  missionObjective: string | null;
  createdAt: string | null;
  status: RowStatus;
}

export interface AuditCountDto {
  /** Rows matching the filter: the planner's estimate, or the exact count when asked for. */
  value: number;
  exact: boolean;
}

/** One page, in display order; `before`/`after` continue from its first and last row. */
export interface AuditPage {
  rows: AuditRowDto[];
  /** Pass as `cursor` with direction `backward` for the rows before the first one. */
  before: string | null;
  /** Pass as `cursor` with direction `forward` for the rows after the last one. */
  after: string | null;
  hasBefore: boolean;
  hasAfter: boolean;
  /** The estimate at once (exact only when asked for); null when not asked for. */
  count: AuditCountDto | null;
  /** The canonical form of the filter the page was read with. */
  filter: string;
  /** Time the page's query took in main, in ms (the page's debug line). */
  queryMs: number;
  /** The last verification this page's statuses come from; null when none was recorded. */
  verification: VerificationRunDto | null;
}

export interface VerificationRunDto {
  id: string;
  method: 'db-v1';
  finishedAt: string;
  total: number;
  ok: number;
  tampered: number;
  unverifiable: number;
}

export interface AimDeclaration {
  actor: { name: string; email: string | null; role: string | null };
  input: { sources: unknown; constraints: unknown };
  mission: { objective: string | null; successCriteria: unknown };
}

export interface AuditDetail {
  row: AuditRowDto;
  aim: AimDeclaration;
  parameters: unknown;
  error: string | null;
  integrityHash: string;
  execution: {
    id: string;
    status: string;
    startedAt: string | null;
    completedAt: string | null;
    durationSeconds: string | null;
    error: string | null;
  } | null;
  user: { id: string; email: string; name: string; role: string; isActive: boolean } | null;
  integrity: {
    /** db-v1 recomputed now from the row as stored. */
    dbV1: { verdict: 'ok' | 'tampered' | 'unverifiable'; reason: string | null; computed: string | null };
    /** What the last recorded verification said of this row. */
    lastVerification: RowStatus;
    /** The seal holding the row, its inclusion proof checked now; null when no seal holds it. */
    seal: RowSealProof | null;
  };
}

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export wrote; the same object is the manifest beside the file. */
export interface AuditExportManifest {
  format: 'govcon-audit-export/v1';
  file: string;
  file_format: ExportFormat;
  filter: string;
  order: 'oldest';
  rows: number;
  bytes: number;
  sha256: string;
  exported_at: string;
  duration_ms: number;
}

export interface AuditExportResult extends AuditExportManifest {
  manifest: string;
}

/** A saved view: what the page shows, kept per connection profile in the data folder. */
export interface AuditView {
  id: string;
  name: string;
  filter: string;
  columns: string[];
  order: AuditOrder;
  savedAt: string;
}

export interface AuditFacets {
  workflows: string[];
  roles: string[];
}
