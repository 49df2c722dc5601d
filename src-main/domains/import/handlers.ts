/**
 * The import channels: an audit.jsonl into audit_logs, on a worker thread, with its chain of
 * custody; the runs custody holds; their re-verification (a job) and their rejected lines.
 * Each job's result is its govcon/v2 report.
 */
import { runInWorker } from '../../platform/jobs/run-in-worker';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { importChannels } from '../../shared/contract/import';
import type { HandlerGroup } from '../../shared/handler';
import type { ImportResult } from '../../shared/model/verification';
import type { ConnectionService } from '../connections/connection-service';
import { custodyReport } from '../verification/reports/custody';
import { reportFacts } from '../verification/reports/facts';
import { importReport } from '../verification/reports/import';
import type { CustodyVerifyResult } from './custody-verify';
import { listImportRuns, rejectedLinesOf } from './import-runs';
import type { CustodyTask, ImportTask } from './worker-task';

export function importHandlers(
  connections: ConnectionService,
  jobs: JobManager,
  consoleVersion: string,
): HandlerGroup<keyof typeof importChannels> {
  return {
    'integrity/import-file': async ({ path }) => {
      const { target, secret } = connections.activeTarget();
      const operator = connections.operator();
      const task: ImportTask = { kind: 'import-jsonl', target, secret, path, operator };
      return jobs.start('import-jsonl', async (job) =>
        importReport(await runInWorker<ImportResult>(task, job), reportFacts(consoleVersion, operator)),
      );
    },
    'integrity/imports': async () => listImportRuns(connections.sequelize()),
    'integrity/verify-custody': async ({ importId }) => {
      const { target, secret } = connections.activeTarget();
      const task: CustodyTask = { kind: 'verify-custody', target, secret, importId: importId ?? null };
      return jobs.start('verify-custody', async (job) =>
        custodyReport(await runInWorker<CustodyVerifyResult>(task, job), reportFacts(consoleVersion, connections.operator())),
      );
    },
    'integrity/rejected-lines': async ({ importId }) => rejectedLinesOf(connections.sequelize(), importId),
  };
}
