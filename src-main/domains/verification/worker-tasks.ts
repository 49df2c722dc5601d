/** The verifications that run on a worker thread (see platform/jobs/worker-protocol.ts). */
import { pgClientConfig } from '../../platform/db/client-config';
import type { ConnectionTarget } from '../../platform/db/target';
import type { JobContext } from '../../platform/jobs/job-context';
import { verifyDatabase } from './verify-db';
import { verifyFile } from './verify-file';

export type VerifyDbTask = {
  kind: 'verify-db';
  target: ConnectionTarget;
  secret: string | undefined;
};

export type VerifyFileTask = {
  kind: 'verify-file';
  path: string;
};

export async function runVerifyDbTask(task: VerifyDbTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'verify-db', statementTimeoutMs: null });
  return verifyDatabase(config, job);
}

export function runVerifyFileTask(task: VerifyFileTask, job: JobContext) {
  return verifyFile(task.path, job);
}
