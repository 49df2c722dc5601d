/**
 * Long work that runs on a worker thread, so the main process keeps answering the window while
 * millions of rows are hashed. A task is plain data (cloneable): a connection target and
 * secret, never a live client or TLS callbacks, which the worker rebuilds itself. Which tasks
 * exist is the domains' business (each exports its task type and runner); this file knows
 * only the messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { classifyConnectError } from '../db/errors';
import type { JobContext } from './job-context';

/** A task names its runner by `kind`; the rest is the runner's input (plain, cloneable data). */
export type WorkerTask = { kind: string } & Record<string, unknown>;

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: { code: string; message: string } };

/** Parent → worker. */
export type WorkerCommand = { type: 'cancel' };

/** What runs a task inside the worker: its input, and the job context bridged to the parent. */
export type WorkerRunner<T extends { kind: string } = WorkerTask> = (task: T, job: JobContext) => Promise<unknown>;

/**
 * The worker side: runs the one task the thread was started with, with its runner, and reports
 * progress, the result or a classified error to the parent. Cancel arrives as a message and
 * aborts the job's signal.
 */
export function serveWorkerTask(runners: Record<string, WorkerRunner<never>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTask runs inside a worker thread');
  const task = workerData as WorkerTask;
  const controller = new AbortController();
  const send = (m: WorkerMessage) => port.postMessage(m);
  port.on('message', (command: WorkerCommand) => {
    if (command.type === 'cancel') controller.abort(new AppError('CANCELLED', 'Cancelled by the user.'));
  });
  const job: JobContext = { signal: controller.signal, progress: (done, total) => send({ type: 'progress', done, total: total ?? null }) };
  const runner = runners[task.kind] as WorkerRunner | undefined;
  const running = runner ? runner(task, job) : Promise.reject(new AppError('INTERNAL', `No worker task named ${task.kind}.`));
  running.then(
    (value) => send({ type: 'result', value }),
    (error: unknown) => {
      if (controller.signal.aborted) return send({ type: 'error', error: { code: 'CANCELLED', message: 'Cancelled by the user.' } });
      const known = error instanceof AppError ? error : classifyConnectError(error);
      send({ type: 'error', error: known.toDto() });
    },
  );
}
