import type { JobManager } from '../../platform/jobs/job-manager';
import { runInWorker } from '../../platform/jobs/run-in-worker';
import type { ConnectionService } from '../connections/connection-service';
import type { VerifyDbResult } from './verify-db';
import type { VerifyFileResult } from './verify-file';
import { reportHtml, reportJson, type VerifyResult } from './report';
import { AppError } from '../../shared/errors';
import type { verificationChannels } from '../../shared/contract/verification';
import type { VerifyDbTask, VerifyFileTask } from './worker-tasks';
import type { HandlerGroup } from '../../shared/handler';
import { withRecordedVerification } from '../audit-log/verification-results';
import { recordDbVerification } from '../dashboard/verification-record';

/** Exactly the channels of shared/contract/verification.ts. */
type Channels = keyof typeof verificationChannels;

/** Verifications run on a worker thread; each job remembers what it verified, for its report. */
export function integrityHandlers(connections: ConnectionService, jobs: JobManager): HandlerGroup<Channels> {
  const subjects = new Map<string, { subject: string; verifiedAt: string; operator: string }>();
  const remember = (jobId: string, subject: string) =>
    subjects.set(jobId, { subject, verifiedAt: new Date().toISOString(), operator: connections.operator().name });

  return {
    'integrity/verify-db': async () => {
      const { target, secret } = connections.activeTarget();
      const ref = jobs.start('verify-db', (job) =>
        withRecordedVerification(
          connections.sequelize.bind(connections),
          () => runInWorker<VerifyDbResult>({ kind: 'verify-db', target, secret } satisfies VerifyDbTask, job),
          job.signal,
        ),
      );
      const database = `${target.host}:${target.port}/${target.database}`;
      remember(ref.jobId, database);
      // The outcome goes on record in the database verified (the dashboard's integrity panel
      // reads it back). Best effort: a read-only connection cannot write the event, and the
      // verification's own result stands either way.
      const sequelize = connections.sequelize();
      const operator = connections.operator();
      const startedAt = new Date().toISOString();
      void jobs.wait(ref.jobId).then(async (finished) => {
        if (finished.status !== 'succeeded') return;
        await recordDbVerification(sequelize, operator, database, finished.result as VerifyDbResult, startedAt).catch(() => undefined);
      });
      return ref;
    },
    'integrity/verify-file': async ({ path }) => {
      const ref = jobs.start('verify-file', (job) =>
        runInWorker<VerifyFileResult>({ kind: 'verify-file', path } satisfies VerifyFileTask, job),
      );
      remember(ref.jobId, path);
      return ref;
    },
    'integrity/report': async ({ jobId, format }) => {
      const outcome = jobs.outcome(jobId);
      const meta = subjects.get(jobId);
      if (!meta || outcome.status !== 'succeeded') throw new AppError('NOT_FOUND', 'That job has no verification result to report.');
      const result = outcome.result as VerifyResult;
      const stem = `verification-${result.format}-${meta.verifiedAt.slice(0, 19).replace(/[:T]/g, '-')}`;
      return format === 'json'
        ? { fileName: `${stem}.json`, mimeType: 'application/json', content: reportJson(result, meta) }
        : { fileName: `${stem}.html`, mimeType: 'text/html', content: reportHtml(result, meta) };
    },
  };
}
