import { QueryTypes, type Sequelize } from 'sequelize';
import type { HealthProbeResult } from '../../shared/model/jobs';
import { sleep, type JobContext } from '../../platform/jobs/job-context';

export interface HealthProbeOptions {
  samples: number;
  intervalMs: number;
}

/**
 * Measures round trips to the server, one `SELECT 1` per sample: a job that shows the
 * progress/cancel machinery with real work, and a quick way for an SRE to see a link's health.
 */
export async function runHealthProbe(sequelize: Sequelize, options: HealthProbeOptions, job: JobContext): Promise<HealthProbeResult> {
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < options.samples; i++) {
    if (job.signal.aborted) throw job.signal.reason;
    const started = performance.now();
    try {
      await sequelize.query('SELECT 1', { type: QueryTypes.SELECT });
      latencies.push(performance.now() - started);
    } catch {
      failures++;
    }
    job.progress(i + 1, options.samples);
    if (i + 1 < options.samples && options.intervalMs > 0) await sleep(options.intervalMs, job.signal);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: options.samples,
    failures,
    minMs: latencies.length ? round(Math.min(...latencies)) : null,
    avgMs: latencies.length ? round(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null,
    maxMs: latencies.length ? round(Math.max(...latencies)) : null,
  };
}
