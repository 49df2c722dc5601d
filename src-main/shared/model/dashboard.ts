/**
 * The dashboard: the service's four views (v_workflow_success_rate, v_drag_mode_distribution,
 * v_user_activity, v_recent_governance), each read with when it was read and how much of what it
 * summarises the last verification covers; and the integrity panel.
 */
import type { DragMode } from './vocabulary';

/** How the console verified the trail. Seals are not in the console yet: db-v1 only. */
export type VerificationMethod = 'db-v1';

/** The last db-v1 verification of the whole audit_logs table, as the console recorded it. */
export interface RecordedVerification {
  method: VerificationMethod;
  /** When it finished (ISO 8601 UTC). */
  at: string;
  /** Who ran it (the connection's operator). */
  by: string;
  /** pass: every row verified; fail: some rows are tampered or unverifiable. */
  result: 'pass' | 'fail';
  total: number;
  ok: number;
  tampered: number;
  unverifiable: number;
}

/**
 * Whether the rows a chart or table summarises are verified, from the last recorded verification
 * and the rows there are now (one snapshot with the view's rows):
 * - `verified`: the last verification passed and the table has as many rows as it verified;
 * - `partly`: it passed, and rows were added since (they are not verified);
 * - `failed`: it found tampered or unverifiable rows;
 * - `changed`: there are fewer rows than it verified (deleted rows are invisible to db-v1);
 * - `unverified`: no verification is on record.
 */
export interface Coverage {
  state: 'verified' | 'partly' | 'failed' | 'changed' | 'unverified';
  /** audit_logs rows now. */
  rows: number;
  /** Rows now minus rows verified (negative: fewer rows than verified). Null without a verification. */
  rowsSince: number | null;
  verification: RecordedVerification | null;
  /** What db-v1 does not cover among the columns this summary uses (e.g. duration_seconds). */
  notCovered: string | null;
}

/** Every answer of a dashboard card: its rows, when they were read, and their coverage. */
export interface DashboardCard<R> {
  rows: R[];
  /** The database's clock when the rows were read (ISO 8601 UTC). */
  readAt: string;
  coverage: Coverage;
}

export interface WorkflowSuccessRow {
  workflowName: string;
  total: number;
  successful: number;
  failed: number;
  rejected: number;
  successRatePct: number | null;
  avgDurationSeconds: number | null;
  lastExecution: string | null;
}

export interface DragModeRow {
  dragMode: DragMode | string;
  total: number;
  uniqueActors: number;
  avgDurationSeconds: number | null;
  successful: number;
  successRatePct: number | null;
}

export interface UserActivityRow {
  id: string;
  email: string;
  name: string;
  role: string;
  totalWorkflows: number;
  lastActivity: string | null;
  successful: number;
  failed: number;
}

export interface UserActivityCard extends DashboardCard<UserActivityRow> {
  /** Users in the view, all of them (the card shows the most active). */
  users: number;
}

export interface RecentGovernanceRow {
  traceId: string;
  actorName: string;
  actorRole: string | null;
  dragMode: string;
  workflowName: string;
  outcome: string;
  durationSeconds: number | null;
  createdAt: string | null;
  userEmail: string | null;
}

/** The integrity panel: the last verification, what changed since, and the place seals will take. */
export interface IntegrityStatus {
  readAt: string;
  coverage: Coverage;
  /** Verifications on record, newest first (at most 5). */
  history: RecordedVerification[];
  seals: SealsSummary;
}

/** The sealed logs at a glance (the Integrity page has the whole log and its checks). */
export interface SealsSummary {
  /** False when no seal exists yet (or the seal tables do not). */
  available: boolean;
  /** One line for the panel: what is sealed, or how to start. */
  note: string;
  /** audit_logs' log: seals made, leaves sealed, the newest seal's time (ISO UTC); null before the first seal. */
  auditLog: { seals: number; sealedRows: number; lastSealedAt: string } | null;
}
