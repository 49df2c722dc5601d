/** The import of an audit.jsonl, run on a worker thread (see platform/jobs/worker-protocol.ts). */
import { pgClientConfig } from '../../platform/db/connection-manager';
import type { ConnectionTarget } from '../../platform/db/target';
import type { JobContext } from '../../platform/jobs/job-context';
import type { Operator } from '../../shared/model/operator';
import { importJsonlFile } from './import-file';

export type ImportTask = {
  kind: 'import-jsonl';
  target: ConnectionTarget;
  secret: string | undefined;
  path: string;
  operator: Operator;
};

export async function runImportTask(task: ImportTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'import', statementTimeoutMs: null });
  return importJsonlFile(config, task.path, { operator: task.operator, signal: job.signal, progress: job.progress });
}
