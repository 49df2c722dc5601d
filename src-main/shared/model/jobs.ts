/** Long jobs as the window and the CLI see them: ids, progress, outcome (platform/jobs runs them). */
import type { ErrorDto } from '../errors';

export interface JobRef {
  jobId: string;
  kind: JobKind;
}

export type JobKind =
  | 'health-probe'
  | 'initialise'
  | 'migrate'
  | 'verify-db'
  | 'verify-file'
  | 'verify-bundle'
  | 'import-jsonl'
  | 'verify-custody'
  | 'audit-export'
  | 'demo-data'
  | 'seal'
  | 'verify-seals'
  | 'backup'
  | 'backup-verify';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  done: number;
  /** null while the total is not known yet. */
  total: number | null;
  /** items per second since the job started. */
  rate: number;
  /** seconds left at the current rate; null when unknown. */
  eta_s: number | null;
}

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobFinished {
  jobId: string;
  kind: JobKind;
  status: Exclude<JobStatus, 'running'>;
  result?: unknown;
  error?: ErrorDto;
}

export interface JobSummary {
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  startedAt: string;
  progress: JobProgress;
}

export interface HealthProbeResult {
  samples: number;
  failures: number;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
}
