/**
 * Long integrity work that runs on a worker thread, so the main process keeps answering the
 * window while millions of rows are hashed. Tasks are plain data (cloneable): a connection
 * target and secret, never a live client or TLS callbacks, which the worker rebuilds itself.
 */
import type { ConnectionTarget } from '../db/target';
import type { Operator } from '../../shared/model/operator';

export type WorkerTask =
  | { kind: 'verify-db'; target: ConnectionTarget; secret: string | undefined }
  | { kind: 'verify-file'; path: string }
  | { kind: 'import-jsonl'; target: ConnectionTarget; secret: string | undefined; path: string; operator: Operator };

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: { code: string; message: string } };

/** Parent → worker. */
export type WorkerCommand = { type: 'cancel' };
