/**
 * Reads of the audit log that a person can stop: each runs in a transaction on one pooled
 * connection whose backend pid is registered under the caller's query id, with a 10 s
 * statement timeout; `cancelTracked` stops it on the server (pg_cancel_backend) from another
 * connection. A free-text search over a million rows may scan; this is what bounds it.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { AppError } from '../../shared/errors';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { sqlState } from '../../platform/db/errors';

export const AUDIT_STATEMENT_TIMEOUT_MS = 10_000;

export class QueryRegistry {
  /** `timeoutMs`: the statement timeout of every query run here (tests shorten it). */
  constructor(private readonly timeoutMs = AUDIT_STATEMENT_TIMEOUT_MS) {}

  private readonly running = new Map<string, { pid: number; cancelled: boolean }>();

  /** Runs `work` in a transaction on one connection, stoppable by `queryId` while it runs. */
  async run<T>(sequelize: Sequelize, queryId: string | null | undefined, work: (t: Transaction) => Promise<T>): Promise<T> {
    const entry = { pid: 0, cancelled: false };
    try {
      return await mapped(() =>
        sequelize.transaction(async (t) => {
          if (queryId) {
            const [row] = await select<{ pid: number }>(sequelize, 'SELECT pg_backend_pid() AS pid', [], t);
            entry.pid = row!.pid;
            this.running.set(queryId, entry);
          }
          await execute(sequelize, `SET LOCAL statement_timeout = ${Math.round(this.timeoutMs)}`, [], t);
          return work(t);
        }),
      );
    } catch (error) {
      throw explain(error, entry.cancelled, this.timeoutMs);
    } finally {
      if (queryId && this.running.get(queryId) === entry) this.running.delete(queryId);
    }
  }

  /** Stops the query registered as `queryId`; false when it had already finished. */
  async cancel(sequelize: Sequelize, queryId: string): Promise<boolean> {
    const entry = this.running.get(queryId);
    if (!entry) return false;
    entry.cancelled = true;
    const [row] = await mapped(() => select<{ ok: boolean }>(sequelize, 'SELECT pg_cancel_backend($1) AS ok', [entry.pid]));
    return row?.ok === true;
  }
}

function explain(error: unknown, cancelled: boolean, timeoutMs: number): unknown {
  const code = error instanceof AppError ? error.code : null;
  const state = sqlState(error instanceof AppError ? error.cause : error).code;
  if (cancelled && (code === 'CANCELLED' || state === '57014')) {
    return new AppError('CANCELLED', 'Stopped: the query was cancelled on the server.', { cause: error });
  }
  if (code === 'TIMEOUT' || state === '57014') {
    return new AppError(
      'TIMEOUT',
      `The search took longer than ${timeoutMs / 1000} s and was stopped: narrow it with a time range (since:, until:) or an indexed filter (mode:, outcome:, workflow:, trace:).`,
      { cause: error },
    );
  }
  return error;
}
