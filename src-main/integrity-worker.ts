/** Worker-thread entry: runs one WorkerTask and reports progress, result or error. */
import { parentPort, workerData } from 'node:worker_threads';
import { pgClientConfig } from './platform/db/connection-manager';
import { classifyConnectError } from './platform/db/errors';
import { verifyDatabase } from './domains/verification/verify-db';
import { verifyFile } from './domains/verification/verify-file';
import { importJsonlFile } from './domains/import/import-file';
import { AppError } from './shared/errors';
import type { WorkerCommand, WorkerMessage, WorkerTask } from './platform/jobs/worker-protocol';

const port = parentPort!;
const task = workerData as WorkerTask;
const controller = new AbortController();
const send = (m: WorkerMessage) => port.postMessage(m);

port.on('message', (command: WorkerCommand) => {
  if (command.type === 'cancel') controller.abort(new AppError('CANCELLED', 'Cancelled by the user.'));
});

async function run(): Promise<unknown> {
  switch (task.kind) {
    case 'verify-db': {
      const config = await pgClientConfig(task.target, task.secret, { purpose: 'verify-db', statementTimeoutMs: null });
      return verifyDatabase(config, { signal: controller.signal, progress: (done, total) => send({ type: 'progress', done, total: total ?? null }) });
    }
    case 'import-jsonl': {
      const config = await pgClientConfig(task.target, task.secret, { purpose: 'import', statementTimeoutMs: null });
      return importJsonlFile(config, task.path, {
        operator: task.operator,
        signal: controller.signal,
        progress: (done, total) => send({ type: 'progress', done, total: total ?? null }),
      });
    }
    case 'verify-file':
      return verifyFile(task.path, { signal: controller.signal, progress: (done, total) => send({ type: 'progress', done, total: total ?? null }) });
  }
}

run().then(
  (value) => send({ type: 'result', value }),
  (error: unknown) => {
    if (controller.signal.aborted) return send({ type: 'error', error: { code: 'CANCELLED', message: 'Cancelled by the user.' } });
    const known = error instanceof AppError ? error : classifyConnectError(error);
    send({ type: 'error', error: known.toDto() });
  },
);
