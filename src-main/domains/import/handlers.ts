/** The import channel: an audit.jsonl into audit_logs, on a worker thread, with its chain of custody. */
import { runInWorker } from '../../platform/jobs/run-in-worker';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { importChannels } from '../../shared/contract/import';
import type { HandlerGroup } from '../../shared/handler';
import type { ImportResult } from '../../shared/model/verification';
import type { ConnectionService } from '../connections/connection-service';
import type { ImportTask } from './worker-task';

export function importHandlers(connections: ConnectionService, jobs: JobManager): HandlerGroup<keyof typeof importChannels> {
  return {
    'integrity/import-file': async ({ path }) => {
      const { target, secret } = connections.activeTarget();
      const operator = connections.operator();
      const task: ImportTask = { kind: 'import-jsonl', target, secret, path, operator };
      return jobs.start('import-jsonl', (job) => runInWorker<ImportResult>(task, job));
    },
  };
}
