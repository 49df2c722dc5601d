/**
 * The check behind `differs-from-database` (docs/cli.md): a line whose row the database
 * already holds — same trace_id and db-v1 hash — is compared with that row in every column
 * the line maps to, not only the eight db-v1 covers. Identical, it is `matched_existing`;
 * otherwise it is a finding naming the columns, and the line is neither imported nor merged.
 *
 * The rows the lines map to go by COPY into a temporary table shaped like audit_logs, so
 * PostgreSQL compares them with its own types (jsonb and numeric by value), in the batch's
 * transaction and snapshot.
 */
import type pg from 'pg';
import { LINE_COLUMNS, AUDIT_IMPORT_COLUMNS } from './audit-copy';
import type { Batch } from './batch';
import { copyIn } from './copy-in';

/** Emptied at every commit: each batch compares only its own lines. */
const EXPECTED_TABLE = `CREATE TEMP TABLE IF NOT EXISTS govcon_import_expected (LIKE audit_logs) ON COMMIT DELETE ROWS`;

const COPY_EXPECTED = `COPY govcon_import_expected (${AUDIT_IMPORT_COLUMNS.join(', ')}) FROM STDIN`;

const distinct = (a: string, b: string) =>
  `(${LINE_COLUMNS.map((c) => `${a}.${c}`).join(', ')}) IS DISTINCT FROM (${LINE_COLUMNS.map((c) => `${b}.${c}`).join(', ')})`;

/**
 * For each expected row, the existing row with its key — an identical one when there is one
 * (the service may have written a trace twice) — and the columns in which it differs.
 * LATERAL … LIMIT keeps the look-up on the trace_id index, as the classification does.
 */
const COMPARE = `
  SELECT e.id::text AS expected_id, m.id::text AS existing_id, m.differs
    FROM govcon_import_expected e
    CROSS JOIN LATERAL (
      SELECT a.id,
             array_remove(ARRAY[${LINE_COLUMNS.map((c) => `CASE WHEN a.${c} IS DISTINCT FROM e.${c} THEN '${c}' END`).join(', ')}], NULL) AS differs
        FROM audit_logs a
       WHERE a.trace_id = e.trace_id AND a.integrity_hash || '' = e.integrity_hash
       ORDER BY ${distinct('a', 'e')}, a.id
       LIMIT 1) m
   WHERE cardinality(m.differs) > 0`;

/** A batch line that differs from its row, by the line's index in the batch. */
export interface BatchDifference {
  index: number;
  auditLogId: string;
  columns: string[];
}

/** The id the batch gave line i's row (the first field of its encoded audit row). */
export function rowIdOf(batch: Batch, i: number): string {
  const start = i === 0 ? 0 : batch.auditEnd[i - 1]!;
  return batch.audit.buf.toString('latin1', start, start + 36);
}

/**
 * Compares the batch lines `indexes` (each known to match an existing row by trace_id and
 * db-v1 hash) with those rows, inside the caller's transaction; returns the ones that differ.
 */
export async function differingLines(client: pg.Client, batch: Batch, indexes: readonly number[]): Promise<BatchDifference[]> {
  if (indexes.length === 0) return [];
  await client.query(EXPECTED_TABLE);
  await copyIn(
    client,
    COPY_EXPECTED,
    batch.auditCopy(
      indexes,
      batch.emails.map(() => null),
    ),
  );
  const byId = new Map<string, number>();
  for (const i of indexes) byId.set(rowIdOf(batch, i), i);
  const rows = (await client.query<{ expected_id: string; existing_id: string; differs: string[] }>(COMPARE)).rows;
  return rows.map((r) => ({ index: byId.get(r.expected_id)!, auditLogId: r.existing_id, columns: r.differs }));
}
