/**
 * The SQL both the sealer and the verifier read a log with (docs/seal-format.md §2.3, §4):
 * the session settings that fix every value's text, the column list of the canonical row, and
 * the (time, id) order. Filters are read from session settings set with bound parameters
 * (set_config), because COPY cannot take parameters.
 */
import type pg from 'pg';
import type { SealedTable } from '../../integrity/canonical-row';
import { quoteIdentifier } from '../../platform/db/sql/identifier';

/** Run with SET LOCAL at the start of every transaction that reads rows to hash. */
export const SEAL_SESSION_SETTINGS: readonly string[] = [
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL TimeZone = 'UTC'",
  'SET LOCAL extra_float_digits = 1',
  "SET LOCAL client_encoding = 'UTF8'",
  "SET LOCAL bytea_output = 'hex'",
];

export async function applySealSession(client: pg.Client): Promise<void> {
  for (const statement of SEAL_SESSION_SETTINGS) await client.query(statement);
}

/** The canonical columns, quoted, in order. */
export function columnList(table: SealedTable, alias?: string): string {
  return table.columns.map((c) => (alias ? `${alias}.${quoteIdentifier(c.name)}` : quoteIdentifier(c.name))).join(', ');
}

/** `ORDER BY <time>, id` (with an alias when given). */
export function timeIdOrder(table: SealedTable, alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return `${p}${quoteIdentifier(table.timeColumn)}, ${p}${quoteIdentifier(table.idColumn)}`;
}

/** Binds a value for the filters of the COPY statements that follow in this transaction. */
export async function setFilter(client: pg.Client, name: string, value: string): Promise<void> {
  await client.query('SELECT set_config($1, $2, true)', [`govcon.${name}`, value]);
}

/** Reads a filter set by {@link setFilter} inside SQL text. */
export function filter(name: string, type: 'timestamp' | 'uuid' | 'bigint' | 'text'): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`bad filter name ${name}`);
  return type === 'text' ? `current_setting('govcon.${name}')` : `current_setting('govcon.${name}')::${type}`;
}
