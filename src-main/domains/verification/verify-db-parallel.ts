/**
 * verify-db on several cores: the (created_at, id) order is cut into ranges (db-ranges.ts),
 * each read by a connection of its own on a worker thread of its own, all in the snapshot the
 * coordinator exports; the parts are merged into exactly the result of one pass (counts,
 * failures in order, positions, the same listing limit). docs/scale.md says when it pays.
 */
import os from 'node:os';
import type pg from 'pg';
import { pgClientConfig } from '../../platform/db/client-config';
import { connectClient } from '../../platform/db/pg-client';
import type { ConnectionTarget } from '../../platform/db/target';
import type { JobContext } from '../../platform/jobs/job-context';
import { runInWorker } from '../../platform/jobs/run-in-worker';
import { AppError } from '../../shared/errors';
import type { VerifyDbResult } from '../../shared/model/verification';
import { exportSnapshot, splitIntoRanges, type DbRange } from './db-ranges';
import { dbV1Result, MAX_LISTED, readSnapshotFacts, verifyDatabase, type VerifyDbOptions } from './verify-db';
import { BEGIN_VERIFICATION, type VerifyDbPart } from './verify-rows';
import type { VerifyDbRangeTask } from './worker-tasks';

/** Where the range workers connect: plain data, since each worker thread builds its own client. */
export interface DbSource {
  target: ConnectionTarget;
  secret: string | undefined;
}

/** `--workers N|auto`. */
export type WorkersSetting = number | 'auto';

/** At most this many ranges at once (auto never asks for more). */
export const MAX_WORKERS = 8;
/** Connections `auto` leaves free for everyone else. */
const CONNECTIONS_LEFT = 3;

/** Reads `--workers`: a whole number from 1 to 8, or `auto`; absent means 1. */
export function parseWorkers(value: string | undefined): WorkersSetting {
  if (value === undefined) return 1;
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new AppError('VALIDATION', `--workers must be a whole number from 1 to ${MAX_WORKERS}, or auto (got "${value}").`);
  }
  return n;
}

const FREE_CONNECTIONS = `
  SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
         - coalesce(current_setting('reserved_connections', true)::int, 0)
         - (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS free`;

/** `auto`: min(cores, free connections − 3, 8), at least 1. */
export async function autoWorkers(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ free: number }>(FREE_CONNECTIONS);
  return Math.max(1, Math.min(os.availableParallelism(), rows[0]!.free - CONNECTIONS_LEFT, MAX_WORKERS));
}

/** The parts of consecutive ranges, in order, as the one pass over all of them would have found them. */
export function mergeParts(parts: readonly VerifyDbPart[], maxListed: number): VerifyDbPart {
  const merged: VerifyDbPart = { total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 };
  for (const part of parts) {
    for (const f of part.failures) {
      if (merged.failures.length >= maxListed) break;
      merged.failures.push({ ...f, position: (f.position ?? 0) + merged.total });
    }
    merged.total += part.total;
    merged.ok += part.ok;
    merged.tampered += part.tampered;
    merged.unverifiable += part.unverifiable;
  }
  merged.failures_not_listed = merged.tampered + merged.unverifiable - merged.failures.length;
  return merged;
}

export interface ParallelVerifyOptions extends VerifyDbOptions {
  workers: WorkersSetting;
  /**
   * Called once the snapshot is exported and the ranges are cut, before any range is read:
   * what is written from here on is in no range (tests write rows here).
   */
  onSnapshot?: (ranges: readonly DbRange[]) => Promise<void>;
}

/**
 * verify-db with `workers` ranges side by side (1, or auto finding 1, is the plain single pass).
 * Same result, progress and cancellation as {@link verifyDatabase}.
 */
export async function verifyDatabaseInRanges(source: DbSource, options: ParallelVerifyOptions): Promise<VerifyDbResult> {
  options.signal?.throwIfAborted();
  const config = await pgClientConfig(source.target, source.secret, { purpose: 'verify-db', statementTimeoutMs: null });
  if (options.workers === 1) return verifyDatabase(config, options);
  const maxListed = options.maxListed ?? MAX_LISTED;
  const client = await connectClient({ ...config, statement_timeout: 0 });
  const workers = options.workers === 'auto' ? await autoWorkers(client).catch(() => 1) : options.workers;
  if (workers === 1) {
    await client.end().catch(() => undefined);
    return verifyDatabase(config, options);
  }
  // Cancelling (or a range failing) stops every range and the coordinator's session.
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await client.query(BEGIN_VERIFICATION);
    const snapshot = await exportSnapshot(client);
    const facts = await readSnapshotFacts(client);
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_logs');
    const expected = Number(rows[0]!.n);
    const ranges = await splitIntoRanges(client, workers);
    await options.onSnapshot?.(ranges);
    options.progress?.(0, expected);
    const done = ranges.map(() => 0);
    const parts = await Promise.all(
      ranges.map((range) => {
        const task: VerifyDbRangeTask = { kind: 'verify-db-range', ...source, snapshot, range, maxListed };
        const job: JobContext = {
          signal: stop.signal,
          progress: (n) => {
            done[range.index] = n;
            options.progress?.(
              done.reduce((a, b) => a + b, 0),
              expected,
            );
          },
        };
        return runInWorker<VerifyDbPart>(task, job).catch((error: unknown) => {
          stop.abort(error);
          throw error;
        });
      }),
    );
    await client.query('COMMIT');
    const merged = mergeParts(parts, maxListed);
    options.progress?.(merged.total, expected);
    return dbV1Result(merged, facts);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
