/**
 * Sealing (docs/seal-format.md §4–§6): appends the unsealed rows below the horizon of each log
 * (audit_logs, then console_events) to its Merkle tree, signs the new checkpoint, and writes the
 * leaf records (COPY in) and the seal row in one transaction, under the seal advisory lock. The
 * rows are read with a plain REPEATABLE READ snapshot (AccessShare: never in the way of the
 * service's INSERTs); only the console's own seal tables are written.
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED, leafFromCopyRow, type SealedTable } from '../../integrity/canonical-row';
import { LineSplitter } from '../../integrity/line-splitter';
import { MerkleAppender } from '../../integrity/merkle/appender';
import { consistencyProof } from '../../integrity/merkle/consistency';
import { HASH_SIZE, hashLeaf, hashesEqual } from '../../integrity/merkle/hash';
import type { LeafHashes } from '../../integrity/merkle/leaf-hashes';
import { formatCheckpoint } from '../../integrity/note/checkpoint';
import { signNote } from '../../integrity/note/signed-note';
import { ADVISORY_LOCKS } from '../../platform/db/advisory-locks';
import { copyOut } from '../../platform/db/copy-out';
import { onOwnConnection } from '../../platform/db/pg-client';
import type { JobOptions } from '../../platform/jobs/job-context';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import { AppError } from '../../shared/errors';
import type { Operator } from '../../shared/model/operator';
import { keepCheckpoint, stateOf } from './checkpoint-files';
import type { SigningKey } from './key-file';
import { ID_SIZE, uuidBytes, uuidText } from './row-id-index';
import { applySealSession, columnList, filter, setFilter, timeIdOrder } from './log-sql';
import {
  catalogueColumns,
  columnsText,
  hasSealTables,
  readLastSeal,
  readLeafRecords,
  readSealLog,
  recordHash,
  treeFromRecords,
  type SealLogRow,
  type SealRow,
} from './seal-store';

export const DEFAULT_ORIGIN_HOST = 'govcon.local';
export const DEFAULT_MARGIN_SECONDS = 300;
/** The logs one `govcon seal` seals, in order. */
export const SEALED_LOGS: readonly SealedTable[] = [AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED];

export interface SealOptions extends JobOptions {
  key: SigningKey;
  operator: Operator;
  marginSeconds?: number;
  acceptLate?: boolean;
  /** The host of a new log's origin (default govcon.local); a log's host never changes. */
  originHost?: string | null;
  /** Where each signed checkpoint is kept (§7); null keeps none. */
  checkpointDir: string | null;
  /** The logs to seal (default both). */
  tables?: readonly SealedTable[];
}

export interface LogSealResult {
  table: SealedTable['table'];
  log_id: string | null;
  origin: string | null;
  /** false: nothing to seal. */
  sealed: boolean;
  seal_number: number | null;
  tree_size: number;
  previous_size: number;
  leaves_added: number;
  late_imported: number;
  import_ids: string[];
  late_accepted: number;
  late_left: number;
  unsealable: number;
  horizon: string;
  horizon_source: 'margin' | 'oldest-transaction';
  sees_all_sessions: boolean;
  oldest_transaction_at: string | null;
  root_hash: string | null;
  note: string | null;
  checkpoint_file: string | null;
}

export interface SealResult {
  server: string;
  database: string;
  key_name: string;
  key_id: string;
  logs: LogSealResult[];
}

/** `90s`, `5m`, `1h`, or plain seconds. */
export function parseMargin(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MARGIN_SECONDS;
  const m = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!m) throw new AppError('VALIDATION', `--margin ${text}: give a duration such as 90s, 5m or 1h.`);
  const n = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  if (n > 366 * 86400) throw new AppError('VALIDATION', '--margin is at most a year.');
  return n;
}

export function checkOriginHost(host: string): void {
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(host)) {
    throw new AppError('VALIDATION', `--origin-host ${JSON.stringify(host)}: a host name (letters, digits, dots and hyphens).`);
  }
}

export function originOf(host: string, logId: string, table: string): string {
  return `${host}/govcon/${logId}/${table}`;
}

interface Horizon {
  by_margin: string;
  oldest: string | null;
  sees_all: boolean;
}

const HORIZON_SQL = `
  SELECT ((now() AT TIME ZONE 'UTC') - make_interval(secs => $1::int))::text AS by_margin,
         (SELECT (min(xact_start) AT TIME ZONE 'UTC')::text FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND backend_type = 'client backend' AND xact_start IS NOT NULL) AS oldest,
         (pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')
           OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)) AS sees_all`;

/** Seals every log (each with something to seal); writes the kept checkpoints after the commit. */
export async function sealDatabase(config: pg.ClientConfig, options: SealOptions): Promise<SealResult> {
  const margin = options.marginSeconds ?? DEFAULT_MARGIN_SECONDS;
  if (options.originHost) checkOriginHost(options.originHost);
  return onOwnConnection(config, options.signal, async (client) => {
    const [lockClass, lockObject] = ADVISORY_LOCKS.seal;
    const kept: { origin: string; note: string; tree: MerkleAppender; result: LogSealResult }[] = [];
    try {
      // A session lock taken before the snapshot: a second sealer waits here, then sees the first one's seal.
      await client.query('SELECT pg_advisory_lock($1, $2)', [lockClass, lockObject]);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await applySealSession(client);
      if (!(await hasSealTables(client))) {
        throw new AppError('SCHEMA_MISSING', 'The database has no seal tables: apply the console migrations first (govcon migrate up).');
      }
      const horizon = (await client.query<Horizon>(HORIZON_SQL, [margin])).rows[0]!;
      const logs: LogSealResult[] = [];
      for (const table of options.tables ?? SEALED_LOGS) {
        const sealed = await sealLog(client, table, horizon, margin, options);
        logs.push(sealed.result);
        if (sealed.tree && sealed.result.note && sealed.result.origin) {
          kept.push({ origin: sealed.result.origin, note: sealed.result.note, tree: sealed.tree, result: sealed.result });
        }
      }
      options.signal?.throwIfAborted();
      await client.query('COMMIT');
      if (options.checkpointDir) {
        for (const k of kept)
          k.result.checkpoint_file = await keepCheckpoint(options.checkpointDir, k.origin, k.note, stateOf(k.origin, k.tree));
      }
      return {
        server: `${client.host}:${client.port}`,
        database: client.database ?? '',
        key_name: options.key.name,
        key_id: options.key.keyId,
        logs,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [lockClass, lockObject]).catch(() => undefined);
    }
  });
}

/** Leaves per chunk of {@link NewLeaves}: 2 MiB of hashes and 1 MiB of ids. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/**
 * The leaves a seal appends: hashes and row ids (32 + 16 bytes a leaf) in fixed chunks, so that
 * growing never copies what is already held (a million leaves: 48 MB, never twice that).
 */
class NewLeaves {
  private readonly hashChunks: Buffer[] = [];
  private readonly idChunks: Buffer[] = [];
  size = 0;
  /** Appends a leaf: its hash, and its row's id from the COPY line it came from (the id is the first column). */
  push(hash: Buffer, row: Uint8Array): void {
    const c = this.size >>> CHUNK_BITS;
    const at = this.size & (CHUNK - 1);
    if (at === 0) {
      this.hashChunks.push(Buffer.alloc(CHUNK * HASH_SIZE));
      this.idChunks.push(Buffer.alloc(CHUNK * ID_SIZE));
    }
    hash.copy(this.hashChunks[c]!, at * HASH_SIZE);
    if (!uuidBytes(row, 0, this.idChunks[c]!, at * ID_SIZE)) throw new AppError('INTERNAL', 'A COPY row did not start with its uuid.');
    this.size++;
  }
  hash(i: number): Buffer {
    const at = i & (CHUNK - 1);
    return this.hashChunks[i >>> CHUNK_BITS]!.subarray(at * HASH_SIZE, (at + 1) * HASH_SIZE);
  }
  id(i: number): string {
    return uuidText(this.idChunks[i >>> CHUNK_BITS]!, i & (CHUNK - 1));
  }
}

async function sealLog(
  client: pg.Client,
  table: SealedTable,
  horizonFacts: Horizon,
  margin: number,
  options: SealOptions,
): Promise<{ result: LogSealResult; tree: MerkleAppender | null }> {
  const name = table.table;
  const columns = await catalogueColumns(client, name);
  const expected = table.columns;
  if (columns.length !== expected.length || columns.some((c, i) => c.name !== expected[i]!.name || c.type !== expected[i]!.type)) {
    throw new AppError(
      'SCHEMA_MISMATCH',
      `${name} does not have exactly the columns seal-v1 seals (docs/seal-format.md §2.1, §8): refused to seal it. ` +
        `Found: ${columns.map((c) => `${c.name} ${c.type}`).join(', ')}.`,
    );
  }
  const log = await readSealLog(client, name);
  const last = log ? await readLastSeal(client, log.log_id) : null;
  if (log && options.originHost) {
    const host = log.origin.slice(0, log.origin.indexOf('/govcon/'));
    if (host !== options.originHost) {
      throw new AppError('CONFLICT', `The ${name} log's origin is ${log.origin}: its host is ${host}, not ${options.originHost}.`);
    }
  }
  // horizon = min(now − margin, oldest running transaction), never before the previous seal's.
  let horizon = horizonFacts.by_margin;
  let source: LogSealResult['horizon_source'] = 'margin';
  if (horizonFacts.oldest !== null && (await earlier(client, horizonFacts.oldest, horizon))) {
    horizon = horizonFacts.oldest;
    source = 'oldest-transaction';
  }
  if (last && (await earlier(client, horizon, last.horizon))) horizon = last.horizon;

  const t = quoteIdentifier(name);
  const time = quoteIdentifier(table.timeColumn);
  const nullSql = `SELECT count(*)::text AS n FROM ${t} WHERE ${time} IS NULL`;
  const { rows: nullRows } = await client.query<{ n: string }>(nullSql);
  const unsealable = Number(nullRows[0]!.n);

  await setFilter(client, 'horizon', horizon);
  await setFilter(client, 'log_id', log?.log_id ?? '00000000-0000-0000-0000-000000000000');
  // Late rows: below the previous horizon, in no seal (§4).
  const lateTaken: string[] = [];
  const importIds = new Set<string>();
  let lateImported = 0;
  let lateAccepted = 0;
  let lateLeft = 0;
  if (last) {
    await setFilter(client, 'previous', last.horizon);
    const custody = name === 'audit_logs' && (await hasTable(client, 'console_import_lines'));
    const lateSql = `SELECT a.id::text AS id, ${custody ? 'l.file_id::text' : 'NULL::text'} AS import_id
         FROM ${t} a ${custody ? 'LEFT JOIN console_import_lines l ON l.audit_log_id = a.id' : ''}
        WHERE a.${time} < ${filter('previous', 'timestamp')}
          AND NOT EXISTS (SELECT 1 FROM console_seal_leaves s WHERE s.log_id = ${filter('log_id', 'uuid')} AND s.row_id = a.id)`;
    const { rows } = await client.query<{ id: string; import_id: string | null }>(lateSql);
    for (const r of rows) {
      if (r.import_id !== null) {
        lateImported++;
        importIds.add(r.import_id);
        lateTaken.push(r.id);
      } else if (options.acceptLate) {
        lateAccepted++;
        lateTaken.push(r.id);
      } else lateLeft++;
    }
  }
  await setFilter(client, 'late_ids', `{${lateTaken.join(',')}}`);
  const range = last
    ? `(${time} >= ${filter('previous', 'timestamp')} AND ${time} < ${filter('horizon', 'timestamp')})`
    : `${time} < ${filter('horizon', 'timestamp')}`;
  const where =
    `(${range} OR id = ANY (current_setting('govcon.late_ids')::uuid[])) ` +
    `AND NOT EXISTS (SELECT 1 FROM console_seal_leaves s WHERE s.log_id = ${filter('log_id', 'uuid')} AND s.row_id = a.id)`;
  const copySql = `COPY (SELECT ${columnList(table, 'a')} FROM ${t} a WHERE ${where} ORDER BY ${timeIdOrder(table, 'a')}) TO STDOUT`;

  const fresh = new NewLeaves();
  const splitter = new LineSplitter();
  const n = table.columns.length;
  const onLine = (line: Uint8Array) => {
    const row = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
    fresh.push(hashLeaf(leafFromCopyRow(row, n)), row);
    if ((fresh.size & 4095) === 0) options.progress?.(fresh.size, null);
  };
  await copyOut(client, copySql, (data) => splitter.push(data, onLine));
  splitter.end(onLine);
  options.signal?.throwIfAborted();

  const base: LogSealResult = {
    table: name,
    log_id: log?.log_id ?? null,
    origin: log?.origin ?? null,
    sealed: false,
    seal_number: null,
    tree_size: last?.tree_size ?? 0,
    previous_size: last?.tree_size ?? 0,
    leaves_added: 0,
    late_imported: lateImported,
    import_ids: [...importIds],
    late_accepted: lateAccepted,
    late_left: lateLeft,
    unsealable,
    horizon,
    horizon_source: source,
    sees_all_sessions: horizonFacts.sees_all,
    oldest_transaction_at: horizonFacts.oldest,
    root_hash: last ? last.root_hash.toString('hex') : null,
    note: null,
    checkpoint_file: null,
  };
  if (fresh.size === 0) return { result: base, tree: null };

  // The tree so far, from the leaf records, checked against the last signed root.
  const previousSize = last?.tree_size ?? 0;
  const records = last ? await readLeafRecords(client, last.log_id, previousSize) : null;
  const tree = records ? treeFromRecords(records, previousSize) : new MerkleAppender();
  if (last && (records!.count !== previousSize || !hashesEqual(tree.root(), last.root_hash))) {
    throw new AppError(
      'CONFLICT',
      `The leaf records of the ${name} log no longer give seal ${last.seal_number}'s root: nothing was sealed. ` +
        'Run govcon verify-db --seals to see what changed.',
    );
  }
  for (let i = 0; i < fresh.size; i++) tree.appendLeafHash(fresh.hash(i));
  const size = tree.size;
  const root = tree.root();
  const source2: LeafHashes = {
    size,
    leafHash: (i) => (i < previousSize ? recordHash(records!, i) : fresh.hash(i - previousSize)),
  };
  const proof = previousSize > 0 ? consistencyProof(source2, previousSize, size) : [];

  let logRow: SealLogRow | null = log;
  if (!logRow) {
    const logId = crypto.randomUUID();
    const origin = originOf(options.originHost ?? DEFAULT_ORIGIN_HOST, logId, name);
    await client.query('INSERT INTO console_seal_logs (log_id, table_name, origin, created_by) VALUES ($1, $2, $3, $4)', [
      logId,
      name,
      origin,
      operatorName(options.operator),
    ]);
    logRow = { log_id: logId, table_name: name, origin, format: 'seal-v1', created_at: '', created_by: operatorName(options.operator) };
  }
  const note = signNote(formatCheckpoint({ origin: logRow.origin, size, rootHash: root }), [options.key.signer]);
  await writeLeafRecords(client, logRow.log_id, previousSize, fresh);
  const sealNumber = (last?.seal_number ?? 0) + 1;
  await client.query(
    `INSERT INTO console_seals (log_id, seal_number, tree_size, previous_size, root_hash, note, consistency_proof,
        key_name, key_id, verifier_key, sealed_by, sealed_by_email, horizon, horizon_source, margin_seconds,
        sees_all_sessions, oldest_transaction_at, leaves_added, late_imported, import_ids, late_accepted,
        late_accepted_by, late_left, unsealable, columns)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::timestamp, $14, $15, $16, $17::timestamp, $18, $19,
        $20::uuid[], $21, $22, $23, $24, $25)`,
    [
      logRow.log_id,
      sealNumber,
      size,
      previousSize,
      root,
      note,
      proof.map((p) => Buffer.from(p)),
      options.key.name,
      options.key.keyId,
      options.key.vkey,
      options.operator.name,
      options.operator.email,
      horizon,
      source,
      margin,
      horizonFacts.sees_all,
      horizonFacts.oldest,
      fresh.size,
      lateImported,
      [...importIds],
      lateAccepted,
      lateAccepted > 0 ? operatorName(options.operator) : null,
      lateLeft,
      unsealable,
      columnsText(table),
    ],
  );
  options.progress?.(fresh.size, fresh.size);
  return {
    result: {
      ...base,
      log_id: logRow.log_id,
      origin: logRow.origin,
      sealed: true,
      seal_number: sealNumber,
      tree_size: size,
      leaves_added: fresh.size,
      root_hash: root.toString('hex'),
      note,
    },
    tree,
  };
}

function operatorName(op: Operator): string {
  return op.email ? `${op.name} <${op.email}>` : op.name;
}

async function earlier(client: pg.Client, a: string, b: string): Promise<boolean> {
  const { rows } = await client.query<{ x: boolean }>('SELECT $1::timestamp < $2::timestamp AS x', [a, b]);
  return rows[0]!.x;
}

async function hasTable(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name]);
  return rows[0]!.ok;
}

/** COPY in of the new leaf records, in batches, with the stream's back-pressure. */
async function writeLeafRecords(client: pg.Client, logId: string, first: number, leaves: NewLeaves): Promise<void> {
  const stream = client.query(copyFrom('COPY console_seal_leaves (log_id, leaf_index, row_id, leaf_hash) FROM STDIN'));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const BATCH = 4096;
  for (let start = 0; start < leaves.size; start += BATCH) {
    let text = '';
    const end = Math.min(leaves.size, start + BATCH);
    for (let i = start; i < end; i++) text += `${logId}\t${first + i}\t${leaves.id(i)}\t\\\\x${leaves.hash(i).toString('hex')}\n`;
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await finished;
}

export type { SealRow };
