import type { JobManager } from '../../platform/jobs/job-manager';
import type { ConnectionService } from '../connections/connection-service';
import { runHealthProbe } from '../database/health-probe';
import type { HandlerGroup } from '../../shared/handler';

export function jobHandlers(jobs: JobManager, connections: ConnectionService): HandlerGroup<'jobs/start-health-probe' | 'jobs/list' | 'jobs/cancel'> {
  return {
    'jobs/start-health-probe': async (input) => {
      const sequelize = connections.sequelize();
      return jobs.start('health-probe', (job) => runHealthProbe(sequelize, input, job));
    },
    'jobs/list': async () => jobs.list(),
    'jobs/cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
