/** What a running job sees, whoever runs it (the job manager, a worker thread, the command line). */

/** What a running job sees: its cancellation signal and a way to report progress. */
export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total?: number | null): void;
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How a service takes its job context: both parts optional, so that a direct call (a test, a
 * script, the command line) passes only what it has.
 */
export type JobOptions = Partial<JobContext>;
