import type { JobManager } from '../../platform/jobs/job-manager';
import { runInWorker } from '../../platform/jobs/run-in-worker';
import type { ConnectionService } from '../connections/connection-service';
import type { VerifyDbResult } from './verify-db';
import type { VerifyFileResult } from './verify-file';
import { AppError } from '../../shared/errors';
import type { verificationChannels } from '../../shared/contract/verification';
import type { Report } from '../../shared/model/report';
import { REPORT_VERSION } from '../../shared/model/report-values';
import type { VerifyDbTask, VerifyFileTask } from './worker-tasks';
import type { HandlerGroup } from '../../shared/handler';
import { withRecordedVerification } from '../audit-log/verification-results';
import { recordDbVerification } from '../dashboard/verification-record';
import { dbV1Report } from './reports/db-v1';
import { reportFacts } from './reports/facts';
import { reportHtml, reportJson } from './reports/html';
import { jsonlV1Report } from './reports/jsonl-v1';

/** Exactly the channels of shared/contract/verification.ts. */
type Channels = keyof typeof verificationChannels;

function isReport(value: unknown): value is Report {
  return typeof value === 'object' && value !== null && (value as { report?: unknown }).report === REPORT_VERSION;
}

/**
 * Verifications run on a worker thread; each job's result is its govcon/v2 report, which is
 * what the window shows and what `integrity/report` saves (any job that judged something:
 * verifications, imports, custody checks).
 */
export function integrityHandlers(connections: ConnectionService, jobs: JobManager, consoleVersion: string): HandlerGroup<Channels> {
  const facts = () => reportFacts(consoleVersion, connections.operator());
  return {
    'integrity/verify-db': async () => {
      const { target, secret } = connections.activeTarget();
      const task: VerifyDbTask = { kind: 'verify-db', target, secret };
      const database = `${target.host}:${target.port}/${target.database}`;
      const operator = connections.operator();
      const startedAt = new Date().toISOString();
      return jobs.start('verify-db', async (job) => {
        // The per-row results go to console_verification_runs/results (the audit browser's status
        // column), and the outcome to console_events (who verified, for the dashboard). Both are
        // best effort: a read-only connection cannot write them, and the result stands either way.
        const db = () => connections.sequelize();
        const result = await withRecordedVerification(db, () => runInWorker<VerifyDbResult>(task, job), job.signal);
        await recordDbVerification(db(), operator, database, result, startedAt).catch(() => undefined);
        return dbV1Report(result, facts());
      });
    },
    'integrity/verify-file': async ({ path }) => {
      const task: VerifyFileTask = { kind: 'verify-file', path };
      return jobs.start('verify-file', async (job) => jsonlV1Report(await runInWorker<VerifyFileResult>(task, job), facts()));
    },
    'integrity/report': async ({ jobId, format }) => {
      const outcome = jobs.outcome(jobId);
      if (outcome.status !== 'succeeded' || !isReport(outcome.result)) {
        throw new AppError('NOT_FOUND', 'That job has no report: it judged nothing, or it could not run.');
      }
      const report = outcome.result;
      const stem = `${report.format}-report-${report.at.slice(0, 19).replace(/[:T]/g, '-')}`;
      return format === 'json'
        ? { fileName: `${stem}.json`, mimeType: 'application/json', content: reportJson(report) }
        : { fileName: `${stem}.html`, mimeType: 'text/html', content: reportHtml(report) };
    },
  };
}
