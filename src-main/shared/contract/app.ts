/** The window's own channels: app facts, and the jobs any domain starts. */
import type { AppInfo } from '../model/app';
import type { JobSummary } from '../model/jobs';
import { jobId, none, returns } from './common';

export const appChannels = {
  'app/info': { input: none, output: returns<AppInfo>() },
  'jobs/list': { input: none, output: returns<JobSummary[]>() },
  'jobs/cancel': { input: jobId, output: returns<{ cancelled: boolean }>() },
} as const;
