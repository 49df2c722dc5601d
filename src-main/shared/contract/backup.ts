/** Backups (govcon-backup/1, docs/formats.md "Backups"): take one of the connected database, check a file. */
import { z } from 'zod';
import type { JobRef } from '../model/jobs';
import { filePath, returns } from './common';

export const backupChannels = {
  /** Every table into a new file at `path` (full path; never overwritten), as a job; its result is a backup-v1 report. */
  'backup/create': { input: z.object({ path: filePath }).strict(), output: returns<JobRef>() },
  /** The file checked completely without restoring it, as a job; its result is a backup-v1 report. */
  'backup/verify': { input: z.object({ path: filePath }).strict(), output: returns<JobRef>() },
} as const;
