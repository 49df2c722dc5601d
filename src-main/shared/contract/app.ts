/** The window's own channels: app facts, the jobs any domain starts, and the shell's file dialog. */
import { z } from 'zod';
import type { AppInfo } from '../model/app';
import type { JobSummary } from '../model/jobs';
import { jobId, none, returns, text } from './common';

/** A file type the dialog offers (`{ name: 'Audit log', extensions: ['jsonl'] }`). */
const fileFilter = z
  .object({
    name: text().min(1).max(100),
    extensions: z
      .array(text().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'an extension without its dot, or *'))
      .min(1)
      .max(10),
  })
  .strict();

export const appChannels = {
  'app/info': { input: none, output: returns<AppInfo>() },
  'jobs/list': { input: none, output: returns<JobSummary[]>() },
  'jobs/cancel': { input: jobId, output: returns<{ cancelled: boolean }>() },
  /** The shell's "open file" dialog; path null when the person cancelled it. */
  'dialog/open-file': {
    input: z.object({ title: text().min(1).max(200).optional(), filters: z.array(fileFilter).max(5).optional() }).strict(),
    output: returns<{ path: string | null }>(),
  },
} as const;
