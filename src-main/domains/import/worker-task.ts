/** The import of an audit.jsonl, and custody's re-verification, run on a worker thread (see platform/jobs/worker-protocol.ts). */
import { pgClientConfig } from '../../platform/db/client-config';
import type { ConnectionTarget } from '../../platform/db/target';
import type { JobContext } from '../../platform/jobs/job-context';
import type { Operator } from '../../shared/model/operator';
import { verifyCustody } from './custody-verify';
import { importJsonlFile } from './import-file';

export type ImportTask = {
  kind: 'import-jsonl';
  target: ConnectionTarget;
  secret: string | undefined;
  path: string;
  operator: Operator;
};

export type CustodyTask = {
  kind: 'verify-custody';
  target: ConnectionTarget;
  secret: string | undefined;
  /** One run's lines, or (null) all of them. */
  importId: string | null;
};

export async function runImportTask(task: ImportTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'import', statementTimeoutMs: null });
  return importJsonlFile(config, task.path, { operator: task.operator, signal: job.signal, progress: job.progress });
}

export async function runCustodyTask(task: CustodyTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'verify-custody', statementTimeoutMs: null });
  return verifyCustody(config, { importId: task.importId ?? undefined, signal: job.signal, progress: job.progress });
}
