import type { JobManager } from '../../jobs/job-manager';
import { requireDatabase, type DatabaseProvider } from '../../services/active-database';
import { runHealthProbe } from '../../services/health-probe';
import type { HandlerGroup } from './types';

export function jobHandlers(jobs: JobManager, databases: DatabaseProvider): HandlerGroup<'jobs/start-health-probe' | 'jobs/list' | 'jobs/cancel'> {
  return {
    'jobs/start-health-probe': async (input) => {
      const { sequelize } = requireDatabase(databases);
      return jobs.start('health-probe', (job) => runHealthProbe(sequelize, input, job));
    },
    'jobs/list': async () => jobs.list(),
    'jobs/cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
