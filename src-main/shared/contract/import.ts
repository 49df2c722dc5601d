/** Import of the service's audit.jsonl into audit_logs, with its chain of custody. */
import { z } from 'zod';
import type { JobRef } from '../model/jobs';
import { filePath, returns } from './common';

export const importChannels = {
  /** Imports a verified audit.jsonl into audit_logs, with its chain of custody. */
  'integrity/import-file': { input: z.object({ path: filePath }).strict(), output: returns<JobRef>() },
} as const;
