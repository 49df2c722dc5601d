/**
 * Plain data that crosses the bridge. No classes, no Dates (ISO strings instead), no model
 * instances: everything here survives structured clone and JSON alike.
 */
import type { ErrorDto } from './errors';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };

export interface AppInfo {
  name: string;
  version: string;
  /** Where the console keeps its profiles, secrets and embedded workspace. */
  dataDir: string;
  /** 'electron' inside the desktop app, 'test-host' under the browser-test host. */
  shell: 'electron' | 'test-host' | 'node';
}

export interface ConnectionSummary {
  profileId: string;
  name: string;
  /** host:port/database; never the password. */
  target: string;
  environment: string;
  colour: string;
  readOnly: boolean;
}

export interface ServerInfo {
  serverVersion: string;
  database: string;
  user: string;
  latencyMs: number;
}

export interface JobRef {
  jobId: string;
  kind: JobKind;
}

export type JobKind = 'health-probe';

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

export interface CallFailed {
  channel: string;
  error: ErrorDto;
}
