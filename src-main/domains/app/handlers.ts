/** The window's own channels: what the app is, and the jobs any domain has started. */
import type { JobManager } from '../../platform/jobs/job-manager';
import type { HandlerGroup } from '../../shared/handler';
import type { AppInfo } from '../../shared/model/app';

export function appHandlers(info: AppInfo, jobs: JobManager): HandlerGroup<'app/info' | 'jobs/list' | 'jobs/cancel'> {
  return {
    'app/info': async () => info,
    'jobs/list': async () => jobs.list(),
    'jobs/cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
