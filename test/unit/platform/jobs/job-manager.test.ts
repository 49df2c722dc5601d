import { describe, expect, it } from 'vitest';
import { JobManager } from '../../../../src-main/platform/jobs/job-manager';
import type { AppEvent } from '../../../../src-main/shared/contract';
import type { JobProgress } from '../../../../src-main/shared/model/jobs';
import { AppError } from '../../../../src-main/shared/errors';

describe('JobManager', () => {
  it('reports done, total, rate and eta from the clock', async () => {
    let now = 1_000_000;
    const events: AppEvent[] = [];
    const jobs = new JobManager({ emit: (e) => events.push(e), progressIntervalMs: 0, now: () => now });
    const ref = jobs.start('health-probe', async (job) => {
      now += 2000;
      job.progress(50, 200);
      now += 2000;
      job.progress(100);
      return 'done';
    });
    const finished = await jobs.wait(ref.jobId);
    expect(finished).toEqual({ ...ref, status: 'succeeded', result: 'done' });
    const progress = events.filter((e) => e.name === 'job/progress').map((e) => e.payload as JobProgress);
    expect(progress[0]).toMatchObject({ done: 50, total: 200, rate: 25, eta_s: 6 });
    expect(progress[1]).toMatchObject({ done: 100, total: 200, rate: 25, eta_s: 4 });
  });

  it('throttles progress events but always sends the final one', async () => {
    let now = 0;
    const events: AppEvent[] = [];
    const jobs = new JobManager({ emit: (e) => events.push(e), progressIntervalMs: 100, now: () => now });
    const ref = jobs.start('health-probe', async (job) => {
      for (let i = 1; i <= 1000; i++) {
        now += 1;
        job.progress(i, 1000);
      }
    });
    await jobs.wait(ref.jobId);
    const progress = events.filter((e) => e.name === 'job/progress');
    expect(progress.length).toBeLessThan(15);
    expect((progress.at(-1)!.payload as JobProgress).done).toBe(1000);
  });

  it('turns a failure into a failed job with a safe error', async () => {
    const jobs = new JobManager({ emit: () => undefined });
    const a = jobs.start('health-probe', async () => {
      throw new AppError('TIMEOUT', 'The server did not answer in 30 s.');
    });
    const b = jobs.start('health-probe', async () => {
      throw new Error('internal detail');
    });
    expect(await jobs.wait(a.jobId)).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    const failed = await jobs.wait(b.jobId);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(failed)).not.toContain('internal detail');
  });

  it('cancelAll stops every running job', async () => {
    const jobs = new JobManager({ emit: () => undefined });
    const refs = [1, 2].map(() =>
      jobs.start(
        'health-probe',
        (job) => new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason))),
      ),
    );
    await jobs.cancelAll();
    for (const ref of refs) expect((await jobs.wait(ref.jobId)).status).toBe('cancelled');
    await expect(jobs.wait('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
