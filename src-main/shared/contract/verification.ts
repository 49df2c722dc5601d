/** Integrity verification of the database (db-v1) and of files (jsonl-v1), and their reports. */
import { z } from 'zod';
import type { ReportFile } from '../model/app';
import type { JobRef } from '../model/jobs';
import { filePath, none, returns, uuid } from './common';

export const verificationChannels = {
  'integrity/verify-db': { input: none, output: returns<JobRef>() },
  'integrity/verify-file': { input: z.object({ path: filePath }).strict(), output: returns<JobRef>() },
  'integrity/report': {
    input: z.object({ jobId: uuid, format: z.enum(['json', 'html']) }).strict(),
    output: returns<ReportFile>(),
  },
} as const;
