import crypto from 'node:crypto';
import type { AppEvent } from '../../shared/contract';
import type { JobFinished, JobKind, JobProgress, JobRef, JobStatus, JobSummary } from '../../shared/model/jobs';
import { AppError } from '../../shared/errors';
import type { JobContext } from './job-context';

export type JobRunner<T> = (job: JobContext) => Promise<T>;

interface JobRecord {
  ref: JobRef;
  status: JobStatus;
  startedAt: number;
  controller: AbortController;
  progress: JobProgress;
  lastEmit: number;
  finished: Promise<JobFinished>;
  outcome?: JobFinished;
}

export interface JobManagerOptions {
  emit(event: AppEvent): void;
  /** At most one progress event per interval per job (the last one is always sent). */
  progressIntervalMs?: number;
  now?: () => number;
  classifyError?: (error: unknown) => AppError | undefined;
}

/**
 * Long work (verification, import, sealing, probes) runs as a job: it gets an id at once,
 * reports {done, total, rate, eta_s} as events, and can be cancelled through its signal.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly interval: number;
  private readonly now: () => number;

  constructor(private readonly options: JobManagerOptions) {
    this.interval = options.progressIntervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  start<T>(kind: JobKind, run: JobRunner<T>): JobRef {
    const ref: JobRef = { jobId: crypto.randomUUID(), kind };
    const controller = new AbortController();
    const record: JobRecord = {
      ref,
      status: 'running',
      startedAt: this.now(),
      controller,
      progress: { ...ref, done: 0, total: null, rate: 0, eta_s: null },
      lastEmit: 0,
      finished: Promise.resolve(undefined as never),
    };
    this.jobs.set(ref.jobId, record);
    const context: JobContext = {
      signal: controller.signal,
      progress: (done, total) => this.report(record, done, total),
    };
    record.finished = this.settle(record, () => run(context));
    return ref;
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record || record.status !== 'running') return false;
    record.controller.abort(new AppError('CANCELLED', 'Cancelled by the user.'));
    return true;
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((r) => ({
      ...r.ref,
      status: r.status,
      startedAt: new Date(r.startedAt).toISOString(),
      progress: { ...r.progress },
    }));
  }

  /** The outcome of a finished job; NOT_FOUND for an unknown one, CONFLICT while it runs. */
  outcome(jobId: string): JobFinished {
    const record = this.jobs.get(jobId);
    if (!record) throw new AppError('NOT_FOUND', `No job ${jobId}.`);
    if (!record.outcome) throw new AppError('CONFLICT', 'The job is still running.');
    return record.outcome;
  }

  /** Resolves when the job has finished, whatever the outcome. */
  async wait(jobId: string): Promise<JobFinished> {
    const record = this.jobs.get(jobId);
    if (!record) throw new AppError('NOT_FOUND', `No job ${jobId}.`);
    return record.finished;
  }

  /** Cancels every running job and waits for them to stop (used at shutdown). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.status === 'running');
    running.forEach((r) => this.cancel(r.ref.jobId));
    await Promise.all(running.map((r) => r.finished));
  }

  private report(record: JobRecord, done: number, total?: number | null): void {
    if (record.status !== 'running') return;
    const elapsed = Math.max(this.now() - record.startedAt, 1) / 1000;
    const known = total === undefined ? record.progress.total : total;
    const rate = done / elapsed;
    const eta = known !== null && rate > 0 ? Math.max(known - done, 0) / rate : null;
    record.progress = { ...record.ref, done, total: known, rate, eta_s: eta };
    const now = this.now();
    if (now - record.lastEmit >= this.interval || (known !== null && done >= known)) {
      record.lastEmit = now;
      this.options.emit({ name: 'job/progress', payload: { ...record.progress } });
    }
  }

  private async settle(record: JobRecord, run: () => Promise<unknown>): Promise<JobFinished> {
    let finished: JobFinished;
    try {
      const result = await run();
      finished = record.controller.signal.aborted
        ? { ...record.ref, status: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled by the user.' } }
        : { ...record.ref, status: 'succeeded', result };
    } catch (error) {
      if (record.controller.signal.aborted) {
        finished = { ...record.ref, status: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled by the user.' } };
      } else {
        const known = error instanceof AppError ? error : this.options.classifyError?.(error);
        finished = {
          ...record.ref,
          status: 'failed',
          error: known ? known.toDto() : { code: 'INTERNAL', message: 'The job failed unexpectedly; see the log.' },
        };
      }
    }
    record.status = finished.status;
    record.outcome = finished;
    this.options.emit({ name: 'job/progress', payload: { ...record.progress } });
    this.options.emit({ name: 'job/finished', payload: finished });
    return finished;
  }
}
