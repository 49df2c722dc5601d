/**
 * Ranges of the (created_at, id) order, for verifying one table on several connections at
 * once (verify-db-parallel.ts, docs/scale.md). A range is cut on created_at only, so rows of
 * the same instant stay together and the id order inside a range is the table's; rows without
 * a created_at sort last, so they belong to the last range. The ranges cover every row once.
 *
 * All connections read one snapshot: the coordinator exports it (pg_export_snapshot) and keeps
 * its transaction open while the ranges import it (SET TRANSACTION SNAPSHOT), so the ranges
 * together are exactly one consistent pass, whatever is written meanwhile.
 */
import type pg from 'pg';
import { AppError } from '../../shared/errors';

/** One range: created_at from `lo` (inclusive) to `hi` (exclusive), as PostgreSQL prints timestamps; null for no bound. */
export interface DbRange {
  /** Its place in the order, from 0. */
  index: number;
  lo: string | null;
  /** Null: to the end, rows without a created_at included. */
  hi: string | null;
}

/** Rows a sample of the table should give to place the boundaries (the balance need not be exact). */
const SAMPLE_ROWS = 30_000;
/** Below this many rows (as the statistics estimate), the boundaries come from every row. */
const EXACT_BELOW = 200_000;

const QUANTILES_EXACT = `
  SELECT (percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY created_at))::text[] AS bounds FROM audit_logs`;
const QUANTILES_SAMPLED = `
  SELECT (percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY created_at))::text[] AS bounds
    FROM audit_logs TABLESAMPLE SYSTEM ($2) REPEATABLE (0)`;

/**
 * Up to `count` ranges of about the same number of rows, in order, covering the table. Run it
 * in the snapshot the ranges will read (DateStyle ISO, as the verifier's settings have it).
 * Fewer ranges come back when the table has fewer distinct instants.
 */
export async function splitIntoRanges(client: pg.Client, count: number): Promise<DbRange[]> {
  const fractions = Array.from({ length: Math.max(0, count - 1) }, (_, i) => (i + 1) / count);
  let bounds: (string | null)[] = [];
  if (fractions.length > 0) {
    const { rows } = await client.query<{ estimate: number }>(
      "SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'audit_logs'::regclass",
    );
    const estimate = rows[0]?.estimate ?? -1;
    const sampled =
      estimate >= EXACT_BELOW
        ? await client.query<{ bounds: (string | null)[] | null }>(QUANTILES_SAMPLED, [fractions, (100 * SAMPLE_ROWS) / estimate])
        : null;
    const exact = sampled?.rows[0]?.bounds?.some((b) => b !== null)
      ? sampled
      : await client.query<{ bounds: (string | null)[] | null }>(QUANTILES_EXACT, [fractions]);
    bounds = exact.rows[0]?.bounds ?? [];
  }
  // Percentiles come in order; equal ones (many rows at one instant, a small table) make one boundary.
  const cuts: string[] = [];
  for (const b of bounds) if (b !== null && b !== cuts[cuts.length - 1]) cuts.push(b);
  const ranges: DbRange[] = [];
  for (let i = 0; i <= cuts.length; i++) ranges.push({ index: i, lo: i === 0 ? null : cuts[i - 1]!, hi: cuts[i] ?? null });
  return ranges;
}

const LO = "created_at >= current_setting('govcon.verify_lo')::timestamp";
const HI = "created_at < current_setting('govcon.verify_hi')::timestamp";

/**
 * The WHERE clause of a range's COPY (COPY takes no bind parameters: the bounds are set with
 * {@link setRangeBounds} and read back by current_setting).
 */
export function rangeWhere(range: DbRange): string {
  if (range.lo === null && range.hi === null) return '';
  if (range.lo === null) return `WHERE ${HI}`;
  if (range.hi === null) return `WHERE ${LO} OR created_at IS NULL`;
  return `WHERE ${LO} AND ${HI}`;
}

/** Sets the range's bounds for this transaction (bound parameters, as text the timestamp type reads back exactly). */
export async function setRangeBounds(client: pg.Client, range: DbRange): Promise<void> {
  await client.query("SELECT set_config('govcon.verify_lo', $1, true), set_config('govcon.verify_hi', $2, true)", [
    range.lo ?? '',
    range.hi ?? '',
  ]);
}

/** An exported snapshot's name, as pg_export_snapshot() makes them (e.g. `00000003-0000001B-1`). */
const SNAPSHOT_NAME = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/;

/** Exports the snapshot of the transaction open on `client` (its first statement, so it is the snapshot). */
export async function exportSnapshot(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
  return rows[0]!.snapshot;
}

/**
 * Makes the transaction just begun on `client` read `snapshot` (it must be REPEATABLE READ,
 * and no query may have run in it yet). SET TRANSACTION SNAPSHOT takes no parameters: the
 * name is checked against the form the server gives it before it is quoted in.
 */
export async function importSnapshot(client: pg.Client, snapshot: string): Promise<void> {
  if (!SNAPSHOT_NAME.test(snapshot)) throw new AppError('VALIDATION', `Not a snapshot name: ${JSON.stringify(snapshot)}.`);
  await client.query("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
}
