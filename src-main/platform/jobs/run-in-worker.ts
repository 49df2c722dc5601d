import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../shared/errors';
import type { JobContext } from './job-context';
import type { WorkerCommand, WorkerMessage, WorkerTask } from './worker-protocol';

/**
 * The worker script: next to the bundled main (out/main/integrity-worker.js) in the app, or
 * the TypeScript source run through tsx under tests and the CLI.
 */
function createWorker(task: WorkerTask): Worker {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Bundled, this code may sit in out/main/chunks/ while the worker is out/main/integrity-worker.js.
  const built = [path.join(here, 'integrity-worker.js'), path.join(here, '..', 'integrity-worker.js')].find((f) => fs.existsSync(f));
  if (built) return new Worker(built, { workerData: task });
  // From source: register tsx inside the worker first (execArgv loaders do not reach workers).
  const source = pathToFileURL(path.join(here, '..', '..', 'integrity-worker.ts')).href;
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(source)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: task });
}

/** Runs a task on its own thread; progress and cancellation go through the job. */
export function runInWorker<T>(task: WorkerTask, job: JobContext): Promise<T> {
  const worker = createWorker(task);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      job.signal.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies WorkerCommand);
      // A worker stuck in a long synchronous step is stopped outright after a grace period.
      setTimeout(() => settle(() => reject(job.signal.reason)), 2000).unref();
    };
    job.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') job.progress(m.done, m.total);
      else if (m.type === 'result') settle(() => resolve(m.value as T));
      else {
        const code = (ERROR_CODES as readonly string[]).includes(m.error.code) ? (m.error.code as ErrorCode) : 'INTERNAL';
        settle(() => reject(new AppError(code, m.error.message)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `The worker stopped unexpectedly (exit ${code}).`))));
  });
}
