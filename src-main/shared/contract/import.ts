/** Import of the service's audit.jsonl into audit_logs, with its chain of custody, and custody's own checks. */
import { z } from 'zod';
import type { ReportFile } from '../model/app';
import type { JobRef } from '../model/jobs';
import type { ImportRunDto } from '../model/verification';
import { filePath, none, returns, uuid } from './common';

export const importChannels = {
  /** Imports a verified audit.jsonl into audit_logs, with its chain of custody; the job's result is an import report. */
  'integrity/import-file': { input: z.object({ path: filePath }).strict(), output: returns<JobRef>() },
  /** The import runs custody holds, newest first (at most 200); none, and why (`missing`: initialise it first), without custody. */
  'integrity/imports': { input: none, output: returns<{ runs: ImportRunDto[]; total: number; missing: string | null }>() },
  /** Re-proves imported rows from custody (one run's, or all of them): a job whose result is a custody report. */
  'integrity/verify-custody': { input: z.object({ importId: uuid.optional() }).strict(), output: returns<JobRef>() },
  /**
   * The lines an import run rejected, as JSON lines with the raw text: read again from the run's
   * file, which must still be the bytes imported (same size and SHA-256).
   */
  'integrity/rejected-lines': { input: z.object({ importId: uuid }).strict(), output: returns<ReportFile>() },
} as const;
