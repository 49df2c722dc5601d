/** The window's own channels: what the app is, and the jobs any domain has started. */
import type { JobManager } from '../../platform/jobs/job-manager';
import type { appChannels } from '../../shared/contract/app';
import type { HandlerGroup } from '../../shared/handler';
import type { AppInfo } from '../../shared/model/app';

export function appHandlers(info: AppInfo, jobs: JobManager): HandlerGroup<keyof typeof appChannels> {
  return {
    'app/info': async () => info,
    'jobs/list': async () => jobs.list(),
    'jobs/cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
