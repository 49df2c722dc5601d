/** The window's own channels: what the app is, the jobs any domain has started, and the file dialog. */
import type { JobManager } from '../../platform/jobs/job-manager';
import type { appChannels } from '../../shared/contract/app';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { AppInfo } from '../../shared/model/app';
import type { FileDialog } from './file-dialog';

export function appHandlers(info: AppInfo, jobs: JobManager, dialog?: FileDialog): HandlerGroup<keyof typeof appChannels> {
  return {
    'app/info': async () => info,
    'jobs/list': async () => jobs.list(),
    'jobs/cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'dialog/open-file': async (options) => {
      if (!dialog) throw new AppError('NOT_FOUND', 'This window has no file dialog: type the file path instead.');
      return { path: await dialog.openFile(options) };
    },
  };
}
