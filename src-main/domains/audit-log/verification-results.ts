/**
 * The console's memory of database verifications, per row (migration
 * 20261201T020000-verification-results; docs/architecture.md): each db-v1 run's counts and
 * horizon, and one row per failure. A row is "verified" when it lies at or before the horizon of
 * the last run (the last row of that run's (created_at, id) order) and did not fail in it.
 */
import type { Sequelize } from 'sequelize';
import type { Transaction } from 'sequelize';
import { execute, mapped, select } from '../../platform/db/sql/query';
import { isoSql } from '../../platform/db/sql/timestamps';
import { inTransaction } from '../../platform/db/transaction';
import type { RowStatus, VerificationRunDto } from '../../shared/model/audit-log';
import type { VerifyDbResult } from '../../shared/model/verification';

/** The last row of the (created_at ASC NULLS LAST, id) order: what a run started now will cover. */
export interface Horizon {
  createdAt: string | null;
  id: string;
}

export interface RunRecord extends VerificationRunDto {
  horizon: Horizon | null;
}

export async function currentHorizon(sequelize: Sequelize): Promise<Horizon | null> {
  return sequelize.transaction(async (t) => {
    // Never wait behind a lock on audit_logs: without a horizon the run is still recorded.
    await execute(sequelize, "SET LOCAL lock_timeout = '1s'", [], t);
    const [row] = await select<{ id: string; created_at: string | null }>(
      sequelize,
      `SELECT id, ${isoSql('created_at')} AS created_at FROM audit_logs ORDER BY created_at DESC NULLS FIRST, id DESC LIMIT 1`,
      [],
      t,
    );
    return row ? { createdAt: row.created_at, id: row.id } : null;
  });
}

/**
 * Records one finished db-v1 run: its counts, its horizon (taken before the run started, so every
 * row up to it was in the run's snapshot) and each listed failure. One transaction.
 */
export async function recordVerification(
  sequelize: Sequelize,
  result: VerifyDbResult,
  horizon: Horizon | null,
  startedAt: Date,
): Promise<string> {
  return inTransaction(sequelize, async (t) => {
    const [run] = await select<{ id: string }>(
      sequelize,
      `INSERT INTO console_verification_runs
         (method, started_at, total, ok, tampered, unverifiable, failures_not_listed, horizon_created_at, horizon_id)
       VALUES ('db-v1', $1::timestamptz AT TIME ZONE 'UTC', $2, $3, $4, $5, $6, $7::timestamp, $8::uuid) RETURNING id`,
      [
        startedAt.toISOString(),
        result.total,
        result.ok,
        result.tampered,
        result.unverifiable,
        result.failures_not_listed,
        horizon?.createdAt?.replace('T', ' ').replace(/Z$/, '') ?? null,
        horizon?.id ?? null,
      ],
      t,
    );
    const failures = result.failures.filter((f) => /^[0-9a-f-]{36}$/i.test(f.id));
    for (let i = 0; i < failures.length; i += 5000) {
      const chunk = failures.slice(i, i + 5000);
      await execute(
        sequelize,
        `INSERT INTO console_verification_results (run_id, audit_log_id, verdict, reason, stored_hash, computed_hash)
         SELECT $1::uuid, f.id, f.verdict, f.reason, f.stored, f.computed
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS f(id, verdict, reason, stored, computed)
         ON CONFLICT DO NOTHING`,
        [
          run!.id,
          chunk.map((f) => f.id),
          chunk.map((f) => f.verdict),
          chunk.map((f) => f.reason),
          chunk.map((f) => f.stored),
          chunk.map((f) => f.computed),
        ],
        t,
      );
    }
    return run!.id;
  });
}

/**
 * Wraps a db-v1 run so that its per-row results are kept: the horizon is read before it starts,
 * the results recorded after it succeeds. Recording is best effort: a database without the
 * console's tables (not migrated yet) still gets its verification result, and a horizon that
 * cannot be read at once (a lock) leaves the run's rows "not verified" rather than delay it.
 * Cancelling (`signal`) is never held up by it.
 */
export async function withRecordedVerification(
  sequelize: () => Sequelize,
  run: () => Promise<VerifyDbResult>,
  signal?: AbortSignal,
): Promise<VerifyDbResult> {
  const startedAt = new Date();
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  const horizon = await Promise.race([currentHorizon(sequelize()).catch(() => null), aborted]);
  const result = await run();
  await recordVerification(sequelize(), result, horizon, startedAt).catch(() => undefined);
  return result;
}

export async function lastRun(sequelize: Sequelize, t?: Transaction | null): Promise<RunRecord | null> {
  const [present] = await select<{ ok: boolean }>(sequelize, "SELECT to_regclass('console_verification_runs') IS NOT NULL AS ok", [], t);
  if (!present?.ok) return null;
  const [row] = await select<{
    id: string;
    finished_at: string;
    total: string;
    ok: string;
    tampered: string;
    unverifiable: string;
    horizon_created_at: string | null;
    horizon_id: string | null;
  }>(
    sequelize,
    `SELECT id, ${isoSql('finished_at')} AS finished_at, total::text, ok::text, tampered::text, unverifiable::text,
            ${isoSql('horizon_created_at')} AS horizon_created_at, horizon_id
       FROM console_verification_runs ORDER BY finished_at DESC, id DESC LIMIT 1`,
    [],
    t,
  );
  if (!row) return null;
  return {
    id: row.id,
    method: 'db-v1',
    finishedAt: row.finished_at,
    total: Number(row.total),
    ok: Number(row.ok),
    tampered: Number(row.tampered),
    unverifiable: Number(row.unverifiable),
    horizon: row.horizon_id ? { createdAt: row.horizon_created_at, id: row.horizon_id } : null,
  };
}

/** Whether (createdAt, id) comes at or before the horizon in (created_at ASC NULLS LAST, id) order. */
export function withinHorizon(row: { createdAt: string | null; id: string }, h: Horizon): boolean {
  if (h.createdAt === null) return row.createdAt !== null || row.id <= h.id;
  if (row.createdAt === null) return false;
  return row.createdAt < h.createdAt || (row.createdAt === h.createdAt && row.id <= h.id);
}

/** Each row's status from the last run (one query for the failures among these ids). */
export async function rowStatuses(
  sequelize: Sequelize,
  run: RunRecord | null,
  rows: readonly { id: string; createdAt: string | null }[],
  t?: Transaction | null,
): Promise<Map<string, RowStatus>> {
  const statuses = new Map<string, RowStatus>();
  if (!run || !run.horizon) {
    for (const r of rows) statuses.set(r.id, 'not-verified');
    return statuses;
  }
  const failed = rows.length
    ? await mapped(() =>
        select<{ audit_log_id: string; verdict: string }>(
          sequelize,
          'SELECT audit_log_id, verdict FROM console_verification_results WHERE run_id = $1::uuid AND audit_log_id = ANY ($2::uuid[])',
          [run.id, rows.map((r) => r.id)],
          t,
        ),
      )
    : [];
  const verdicts = new Map(failed.map((f) => [f.audit_log_id, f.verdict]));
  for (const r of rows) {
    const v = verdicts.get(r.id);
    statuses.set(
      r.id,
      v === 'tampered' ? 'broken' : v === 'unverifiable' ? 'unverifiable' : withinHorizon(r, run.horizon) ? 'verified' : 'not-verified',
    );
  }
  return statuses;
}
