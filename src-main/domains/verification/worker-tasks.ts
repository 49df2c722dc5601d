/** The verifications that run on a worker thread (see platform/jobs/worker-protocol.ts). */
import { pgClientConfig } from '../../platform/db/client-config';
import type { ConnectionTarget } from '../../platform/db/target';
import type { JobContext } from '../../platform/jobs/job-context';
import type { DbRange } from './db-ranges';
import { verifyDatabase } from './verify-db';
import { verifyDbRange } from './verify-db-range';
import { verifyFile } from './verify-file';

export type VerifyDbTask = {
  kind: 'verify-db';
  target: ConnectionTarget;
  secret: string | undefined;
};

/** One range of a parallel verify-db (verify-db-parallel.ts), read in the coordinator's snapshot. */
export type VerifyDbRangeTask = {
  kind: 'verify-db-range';
  target: ConnectionTarget;
  secret: string | undefined;
  snapshot: string;
  range: DbRange;
  maxListed: number;
};

export type VerifyFileTask = {
  kind: 'verify-file';
  path: string;
};

export async function runVerifyDbTask(task: VerifyDbTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'verify-db', statementTimeoutMs: null });
  return verifyDatabase(config, job);
}

export async function runVerifyDbRangeTask(task: VerifyDbRangeTask, job: JobContext) {
  const config = await pgClientConfig(task.target, task.secret, { purpose: 'verify-db', statementTimeoutMs: null });
  return verifyDbRange(config, task.snapshot, task.range, { ...job, maxListed: task.maxListed });
}

export function runVerifyFileTask(task: VerifyFileTask, job: JobContext) {
  return verifyFile(task.path, job);
}
