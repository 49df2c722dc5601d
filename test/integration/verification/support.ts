import pg from 'pg';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

export { sql };
/** govcon run in-process with captured streams (stdin empty, not a terminal). */
export { runGovcon as govcon, type CliRun } from '../../support/cli';

export const OPERATOR = { name: 'Verify Tests', email: 'verify@example.test' };

/** A database of its own, initialised by the migrator (the service's schema and the console's). */
export function verifyDatabaseFixture(prefix: string): Promise<TestDatabase> {
  return createInitialisedDatabase(prefix, OPERATOR);
}

/** An audit_logs row as text, the way db-v1 reads it; the other columns take defaults. */
export interface AuditRow {
  id: string;
  trace_id: string;
  actor_name: string;
  actor_email: string | null;
  actor_role: string | null;
  drag_mode: string;
  workflow_name: string;
  outcome: string;
  /** Text cast to timestamp by the server, so no JavaScript Date rounds it. */
  created_at: string | null;
  integrity_hash: string;
  parameters?: unknown;
  error?: string | null;
  duration_seconds?: number | string | null;
  input_sources?: unknown;
  input_constraints?: unknown;
  mission_objective?: string | null;
  mission_success_criteria?: unknown;
}

const INSERT = `
INSERT INTO audit_logs (id, trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome,
                        created_at, integrity_hash, parameters, error, duration_seconds, input_sources,
                        input_constraints, mission_objective, mission_success_criteria)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::timestamp, $10,
        coalesce($11::text::jsonb, '{}'::jsonb), $12, $13::text::numeric, coalesce($14::text::jsonb, '[]'::jsonb),
        coalesce($15::text::jsonb, '[]'::jsonb), $16, coalesce($17::text::jsonb, '[]'::jsonb))`;

const jsonOrNull = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Inserts rows with bound parameters, in one transaction. */
export async function insertAuditRows(url: string, rows: readonly AuditRow[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const r of rows) {
      await client.query(INSERT, [
        r.id,
        r.trace_id,
        r.actor_name,
        r.actor_email,
        r.actor_role,
        r.drag_mode,
        r.workflow_name,
        r.outcome,
        r.created_at,
        r.integrity_hash,
        jsonOrNull(r.parameters),
        r.error ?? null,
        r.duration_seconds === undefined || r.duration_seconds === null ? null : String(r.duration_seconds),
        jsonOrNull(r.input_sources),
        jsonOrNull(r.input_constraints),
        r.mission_objective ?? null,
        jsonOrNull(r.mission_success_criteria),
      ]);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
