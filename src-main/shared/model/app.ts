/**
 * Plain data that crosses the bridge. No classes, no Dates (ISO strings instead), no model
 * instances: everything here survives structured clone and JSON alike.
 */
import type { ErrorDto } from '../errors';
import type { ConnectionProfile } from './profile';

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

export interface JobRef {
  jobId: string;
  kind: JobKind;
}

export type JobKind = 'health-probe' | 'initialise' | 'migrate' | 'verify-db' | 'verify-file' | 'import-jsonl';

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

/** One entry of the Connections page: a stored profile, DATABASE_URL, or the local workspace. */
export interface ProfileListItem {
  id: string;
  kind: 'stored' | 'environment' | 'workspace';
  name: string;
  target: string;
  environment: { name: string; colour: string };
  readOnly: boolean;
  hasPassword: boolean;
  /** The editable profile (stored ones only). */
  profile: ConnectionProfile | null;
}

export interface ServerCheckDto {
  serverVersion: string;
  database: string;
  user: string;
  latencyMs: number;
  tls: boolean;
  readOnly: boolean;
}

export interface PoolStatusDto {
  size: number;
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DatabaseStatusDto {
  connection: ConnectionSummary;
  server: ServerCheckDto;
  pool: PoolStatusDto;
  health: { ok: boolean; latencyMs: number | null; error?: ErrorDto };
  migrations: {
    state: 'empty' | 'adoptable' | 'managed' | 'foreign';
    applied: string[];
    pending: string[];
    unknown: string[];
    problems: string[];
  };
}

export interface TableInfoDto {
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  owner: 'service' | 'console' | 'other';
  rows: number | null;
  estimated: boolean;
}

export interface ReportFile {
  fileName: string;
  mimeType: string;
  content: string;
}
