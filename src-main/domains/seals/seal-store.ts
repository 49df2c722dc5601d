/**
 * Reading the seal tables (docs/seal-format.md §6): a log, its seals, its leaf records and the
 * tree state they give. Used by the sealer, the verifier, `govcon checkpoint`, `govcon cosign`
 * and evidence bundles; every function runs on a client inside the caller's transaction.
 */
import { Buffer } from 'node:buffer';
import type pg from 'pg';
import { FixedWidthBinaryRows } from '../../integrity/copy-binary-rows';
import { MerkleAppender } from '../../integrity/merkle/appender';
import { HASH_SIZE } from '../../integrity/merkle/hash';
import { type SealedTable } from '../../integrity/canonical-row';
import { copyOut } from '../../platform/db/copy-out';
import { filter, setFilter } from './log-sql';
import { ID_SIZE, uuidText } from './row-id-index';

export interface SealLogRow {
  log_id: string;
  table_name: 'audit_logs' | 'console_events';
  origin: string;
  format: string;
  created_at: string;
  created_by: string;
}

export interface SealRow {
  log_id: string;
  seal_number: number;
  tree_size: number;
  previous_size: number;
  root_hash: Buffer;
  note: string;
  consistency_proof: Buffer[];
  key_name: string;
  key_id: string;
  verifier_key: string;
  sealed_at: string;
  sealed_by: string;
  sealed_by_email: string | null;
  horizon: string;
  horizon_source: 'margin' | 'oldest-transaction';
  margin_seconds: number;
  sees_all_sessions: boolean;
  oldest_transaction_at: string | null;
  leaves_added: number;
  late_imported: number;
  import_ids: string[];
  late_accepted: number;
  late_accepted_by: string | null;
  late_left: number;
  unsealable: number;
  columns: string;
}

/** True when the seal tables exist (the seal migration has run). */
export async function hasSealTables(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>("SELECT to_regclass('console_seals') IS NOT NULL AS ok");
  return rows[0]!.ok;
}

export async function readSealLog(client: pg.ClientBase, table: SealedTable['table']): Promise<SealLogRow | null> {
  const { rows } = await client.query<SealLogRow>(
    `SELECT log_id::text, table_name, origin, format, created_at::text, created_by FROM console_seal_logs WHERE table_name = $1`,
    [table],
  );
  return rows[0] ?? null;
}

export async function readSealLogs(client: pg.ClientBase): Promise<SealLogRow[]> {
  const { rows } = await client.query<SealLogRow>(
    'SELECT log_id::text, table_name, origin, format, created_at::text, created_by FROM console_seal_logs ORDER BY table_name',
  );
  return rows;
}

const SEAL_COLUMNS = `log_id::text, seal_number, tree_size::text, previous_size::text, root_hash, note, consistency_proof,
  key_name, key_id, verifier_key, sealed_at::text, sealed_by, sealed_by_email, horizon::text, horizon_source, margin_seconds,
  sees_all_sessions, oldest_transaction_at::text, leaves_added::text, late_imported::text, import_ids::text[], late_accepted::text,
  late_accepted_by, late_left::text, unsealable::text, columns`;

const SEALS_SQL = `SELECT ${SEAL_COLUMNS} FROM console_seals WHERE log_id = $1 ORDER BY seal_number`;
const LAST_SEAL_SQL = `SELECT ${SEAL_COLUMNS} FROM console_seals WHERE log_id = $1 ORDER BY seal_number DESC LIMIT 1`;

type RawSeal = Omit<
  SealRow,
  'tree_size' | 'previous_size' | 'leaves_added' | 'late_imported' | 'late_accepted' | 'late_left' | 'unsealable'
> &
  Record<'tree_size' | 'previous_size' | 'leaves_added' | 'late_imported' | 'late_accepted' | 'late_left' | 'unsealable', string>;

function toSeal(r: RawSeal): SealRow {
  return {
    ...r,
    tree_size: Number(r.tree_size),
    previous_size: Number(r.previous_size),
    leaves_added: Number(r.leaves_added),
    late_imported: Number(r.late_imported),
    late_accepted: Number(r.late_accepted),
    late_left: Number(r.late_left),
    unsealable: Number(r.unsealable),
    consistency_proof: r.consistency_proof ?? [],
    import_ids: r.import_ids ?? [],
  };
}

/** Every seal of a log, by seal number. */
export async function readSeals(client: pg.ClientBase, logId: string): Promise<SealRow[]> {
  const { rows } = await client.query<RawSeal>(SEALS_SQL, [logId]);
  return rows.map(toSeal);
}

/** The newest seal of a log, or null. */
export async function readLastSeal(client: pg.ClientBase, logId: string): Promise<SealRow | null> {
  const { rows } = await client.query<RawSeal>(LAST_SEAL_SQL, [logId]);
  return rows[0] ? toSeal(rows[0]) : null;
}

/**
 * A log's leaf records, by leaf index: `hashes` holds leaf i's hash at [32 i, 32 i + 32) and
 * its row id's 16 bytes are at [16 i, 16 i + 16) of `ids` (recordRowId gives the text); an
 * index with no record (a record deleted) has `present[i] = 0`.
 * `size` is one past the highest index recorded.
 */
export interface LeafRecords {
  size: number;
  hashes: Buffer;
  ids: Buffer;
  present: Uint8Array;
  /** Records present. */
  count: number;
}

/** Reads every leaf record of a log (below `limit` when given) with COPY, by leaf index. */
export async function readLeafRecords(client: pg.Client, logId: string, limit?: number): Promise<LeafRecords> {
  await setFilter(client, 'log_id', logId);
  await setFilter(client, 'leaf_limit', String(limit ?? Number.MAX_SAFE_INTEGER));
  const sizeSql = `SELECT (max(leaf_index) + 1)::text AS n FROM console_seal_leaves
    WHERE log_id = ${filter('log_id', 'uuid')} AND leaf_index < ${filter('leaf_limit', 'bigint')}`;
  const { rows } = await client.query<{ n: string | null }>(sizeSql);
  const size = Number(rows[0]?.n ?? 0);
  const hashes = Buffer.alloc(size * HASH_SIZE);
  const ids = Buffer.alloc(size * ID_SIZE);
  const present = new Uint8Array(size);
  let count = 0;
  // leaf_index (bigint), row_id (uuid), leaf_hash (32 bytes): read as COPY BINARY, in place.
  const reader = new FixedWidthBinaryRows([8, 16, HASH_SIZE], (buf, at) => {
    const [indexAt, idAt, hashAt] = reader.fieldAt;
    const index = buf.readInt32BE(at + indexAt!) * 2 ** 32 + buf.readUInt32BE(at + indexAt! + 4);
    if (index < 0 || index >= size) return;
    buf.copy(ids, index * ID_SIZE, at + idAt!, at + idAt! + ID_SIZE);
    buf.copy(hashes, index * HASH_SIZE, at + hashAt!, at + hashAt! + HASH_SIZE);
    if (!present[index]) count++;
    present[index] = 1;
  });
  // In no order: each record is placed by its index (a sort would hold the first row back).
  await copyOut(
    client,
    `COPY (SELECT leaf_index, row_id, leaf_hash FROM console_seal_leaves
       WHERE log_id = ${filter('log_id', 'uuid')} AND leaf_index < ${filter('leaf_limit', 'bigint')} AND length(leaf_hash) = 32
       ) TO STDOUT (FORMAT binary)`,
    (data) => reader.push(data),
  );
  reader.end();
  return { size, hashes, ids, present, count };
}

/** The row id of record `i` (null when it has none). */
export function recordRowId(records: LeafRecords, i: number): string | null {
  return i < records.size && records.present[i] ? uuidText(records.ids, i) : null;
}

/** The leaf hash of record `i`. */
export function recordHash(records: LeafRecords, i: number): Buffer {
  return records.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
}

/** The appender after the first `size` leaf records (missing records count as all-zero hashes, which never give a signed root). */
export function treeFromRecords(records: LeafRecords, size: number): MerkleAppender {
  const tree = new MerkleAppender();
  tree.appendLeafHashes(records.hashes.subarray(0, Math.min(size, records.size) * HASH_SIZE));
  return tree;
}

/** `name type, …` of the columns a seal covers (docs/seal-format.md §6, `columns`). */
export function columnsText(table: SealedTable): string {
  return table.columns.map((c) => `${c.name} ${c.type}`).join(', ');
}

/** The table's columns as the catalogue has them (dropped columns skipped), in column order. */
export async function catalogueColumns(client: pg.ClientBase, table: string): Promise<{ name: string; type: string }[]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  return rows;
}
