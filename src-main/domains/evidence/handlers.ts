import type { JobManager } from '../../platform/jobs/job-manager';
import type { evidenceChannels } from '../../shared/contract/evidence';
import { parseVerifierKey } from '../../integrity/note/note-keys';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { ConnectionService } from '../connections/connection-service';
import { reportFacts } from '../verification/reports/facts';
import { verifyBundleFileAsync } from './read-bundle';

type Channels = keyof typeof evidenceChannels;

/**
 * "Verify evidence file" on the Integrity page: no database, no network. The job reads the file in
 * chunks on the main process (each read yields), cancellable; its result is the evidence-v1 report,
 * which integrity/report saves as JSON or HTML like any other.
 */
export function evidenceHandlers(connections: ConnectionService, jobs: JobManager, consoleVersion: string): HandlerGroup<Channels> {
  return {
    'evidence/verify-bundle': async ({ path, trustedKeys }) => {
      for (const k of trustedKeys) {
        try {
          parseVerifierKey(k);
        } catch (error) {
          throw new AppError('VALIDATION', `"${k.slice(0, 40)}…" is not a verifier key (${(error as Error).message}).`);
        }
      }
      return jobs.start('verify-bundle', async (job) => {
        try {
          return await verifyBundleFileAsync(path, trustedKeys, reportFacts(consoleVersion, connections.operator()), {
            signal: job.signal,
            progress: (done, total) => job.progress(done, total),
          });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code && code !== 'ABORT_ERR') throw new AppError('FILE_ERROR', `Cannot read ${path} (${code}).`);
          throw error;
        }
      });
    },
  };
}
