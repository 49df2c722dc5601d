/**
 * Verification of the sealed logs (docs/seal-format.md §9): in one REPEATABLE READ snapshot, every
 * seal's note, signatures and consistency proof, every leaf record against the signed roots, and
 * every row against its leaf (paired by id), then db-v1 over the same rows. Findings name the
 * exact leaf (1-based position), row id and seal of every break.
 */
import type { Buffer } from 'node:buffer';
import type pg from 'pg';
import { AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED, leafFromCutRow, type SealedTable } from '../../integrity/canonical-row';
import { CopyRowCutter, type CutRow } from '../../integrity/copy-rows';
import { MerkleAppender } from '../../integrity/merkle/appender';
import { verifyConsistency } from '../../integrity/merkle/consistency';
import { HASH_SIZE, hashLeaf } from '../../integrity/merkle/hash';
import type { NoteVerifierKey } from '../../integrity/note/note-keys';
import { verifySignedNote } from '../../integrity/note/signed-note';
import { copyOut } from '../../platform/db/copy-out';
import { onOwnConnection } from '../../platform/db/pg-client';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import type { JobOptions } from '../../platform/jobs/job-context';
import { AppError } from '../../shared/errors';
import { finding, type Finding } from '../../shared/model/report-values';
import type { DatabaseSnapshot } from '../../shared/model/verification';
import { readSnapshotFacts } from '../verification/verify-db';
import { auditCopySql, verifyAuditRows, type VerifyDbPart } from '../verification/verify-rows';
import { DbV1Tap } from './db-v1-tap';
import { RowIdIndex } from './row-id-index';
import { judgeRecordRootsMeanwhile, judgeSealRoots } from './seal-roots';
import { checkSchema, checkSealNote, importedByConsole, type SignerFact } from './seal-checks';
import { newestKeptCheckpoint, type KeptCheckpoint } from './checkpoint-files';
import { applySealSession, columnList, filter, setFilter, timeIdOrder } from './log-sql';
import {
  hasSealTables,
  readLeafRecords,
  readSealLog,
  readSeals,
  recordHash,
  recordRowId,
  type SealLogRow,
  type SealRow,
} from './seal-store';

export interface VerifySealsOptions extends JobOptions {
  trusted: readonly NoteVerifierKey[];
  /** Checkpoints the current logs must extend (--checkpoint, kept ones). */
  checkpoints?: readonly KeptCheckpoint[];
  /** A folder of kept checkpoints (docs/seal-format.md §7): the newest of each log's origin is checked too. */
  checkpointDir?: string | null;
  /** At most this many findings are listed (all are counted). */
  maxListed?: number;
}

export type { SignerFact } from './seal-checks';

/** One log's summary: what is sealed and verified, and what is not yet sealed. */
export interface LogVerification {
  table: SealedTable['table'];
  origin: string | null;
  seals: number;
  tree_size: number;
  rows: number;
  sealed_rows: number;
  unsealed_rows: number;
  /** Rows with no time: never sealed (each also a finding). */
  unsealable_rows: number;
  newest_horizon: string | null;
  findings: number;
}

export interface SealVerificationResult {
  snapshot: DatabaseSnapshot;
  /** audit_logs rows in the snapshot. */
  rows: number;
  total: number;
  ok: number;
  sealed_rows: number;
  unsealed_rows: number;
  seals: number;
  findings: Finding[];
  findings_not_listed: number;
  signers: SignerFact[];
  db_v1: { tampered: number; unverifiable: number } | null;
  logs: LogVerification[];
}

export const MAX_LISTED = 100_000;

/** Collects findings up to a limit, counting the rest. */
class Findings {
  readonly list: Finding[] = [];
  notListed = 0;
  count = 0;
  constructor(private readonly max: number) {}
  add(f: Finding): void {
    this.count++;
    if (this.list.length < this.max) this.list.push(f);
    else this.notListed++;
  }
}

export async function verifySeals(config: pg.ClientConfig, options: VerifySealsOptions): Promise<SealVerificationResult> {
  return onOwnConnection(config, options.signal, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await applySealSession(client);
    const snapshot = await readSnapshotFacts(client);
    if (!(await hasSealTables(client))) {
      throw new AppError('SCHEMA_MISSING', 'The database has no seal tables: apply the console migrations first (govcon migrate up).');
    }
    const findings = new Findings(options.maxListed ?? MAX_LISTED);
    const signers = new Map<string, SignerFact>();
    const logs: LogVerification[] = [];
    let idToPosition: RowIdIndex | null = null;
    let dbV1: VerifyDbPart | null = null;
    let total = 0;
    let ok = 0;
    for (const table of [AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED]) {
      const v = await verifyLog(client, table, options, findings, signers, logs[0]?.seals ?? 0);
      logs.push(v.summary);
      total += v.summary.rows;
      ok += v.ok;
      if (table === AUDIT_LOGS_SEALED) {
        idToPosition = v.idToPosition;
        dbV1 = v.dbV1;
      }
      options.signal?.throwIfAborted();
    }
    // db-v1 of the same rows: from the seal pass, else (no seals, or a sealed column changed) a COPY of its own.
    const part = dbV1 ?? (await verifyAuditRows(client, auditCopySql(), { maxListed: options.maxListed ?? MAX_LISTED }));
    for (const f of part.failures) {
      const at = idToPosition ? idToPosition.lookup(f.id) : -1;
      const leaf = at < 0 ? undefined : at;
      findings.add(
        finding('db-v1', {
          reason: f.reason,
          position: leaf === undefined ? null : leaf + 1,
          id: f.id,
          detail: { log: 'audit_logs', verdict: f.verdict, stored: f.stored, computed: f.computed },
        }),
      );
    }
    findings.notListed += part.failures_not_listed;
    await client.query('COMMIT');
    const audit = logs[0]!;
    return {
      snapshot,
      rows: audit.rows,
      total,
      ok,
      sealed_rows: logs.reduce((n, l) => n + l.sealed_rows, 0),
      unsealed_rows: logs.reduce((n, l) => n + l.unsealed_rows, 0),
      seals: logs.reduce((n, l) => n + l.seals, 0),
      findings: findings.list,
      findings_not_listed: findings.notListed,
      signers: [...signers.values()],
      db_v1: { tampered: part.tampered, unverifiable: part.unverifiable },
      logs,
    };
  });
}

interface SealCheck {
  seal: SealRow;
  /** The root the note signs (the row's root_hash when the note cannot be read). */
  signedRoot: Buffer;
}

async function verifyLog(
  client: pg.Client,
  table: SealedTable,
  options: VerifySealsOptions,
  findings: Findings,
  signers: Map<string, SignerFact>,
  /** Seals of audit_logs (verified first): console_events with none is a finding only when audit_logs has none either. */
  auditSeals: number,
): Promise<{ summary: LogVerification; ok: number; idToPosition: RowIdIndex | null; dbV1: VerifyDbPart | null }> {
  const name = table.table;
  // This log's findings, listed by leaf position (then those with none) once the log is done.
  const own: Finding[] = [];
  const add = (kind: string, fields: Partial<Omit<Finding, 'kind'>> = {}) =>
    own.push(finding(kind, { ...fields, detail: { log: name, ...((fields.detail as object | null) ?? {}) } }));
  const flush = () => {
    const at = (f: Finding) => f.position ?? Number.MAX_SAFE_INTEGER;
    own.sort((a, b) => at(a) - at(b)).forEach((f) => findings.add(f));
    summary.findings = own.length;
  };
  const log: SealLogRow | null = await readSealLog(client, name);
  const seals = log ? await readSeals(client, log.log_id) : [];
  const summary: LogVerification = {
    table: name,
    origin: log?.origin ?? null,
    seals: seals.length,
    tree_size: seals.at(-1)?.tree_size ?? 0,
    rows: 0,
    sealed_rows: 0,
    unsealed_rows: 0,
    unsealable_rows: 0,
    newest_horizon: seals.at(-1)?.horizon ?? null,
    findings: 0,
  };

  // Schema (§8): added columns are said; a sealed column missing or retyped stops the row comparison.
  const comparable = await checkSchema(client, table, add);

  const t = quoteIdentifier(name);
  if (!log || seals.length === 0) {
    const countSql = `SELECT count(*)::text AS n FROM ${t}`;
    const rows = Number((await client.query<{ n: string }>(countSql)).rows[0]!.n);
    summary.rows = rows;
    summary.unsealed_rows = rows;
    // console_events' first rows may all be newer than the horizon (the console writes them as it
    // works): when audit_logs is sealed, an unsealed console_events is rows not yet sealed.
    if (name === 'audit_logs' || (rows > 0 && auditSeals === 0)) add('unsealed', { reason: 'no-seals', detail: { rows } });
    flush();
    return { summary, ok: 0, idToPosition: null, dbV1: null };
  }

  // Seals: numbering, note text, signatures, consistency (§5, §9).
  const checks: SealCheck[] = [];
  let previous: SealCheck | null = null;
  for (const seal of seals) {
    const number = seal.seal_number;
    const expectedNumber = (previous?.seal.seal_number ?? 0) + 1;
    if (number !== expectedNumber || seal.previous_size !== (previous?.seal.tree_size ?? 0)) {
      add('seal-missing', {
        reason: 'gap-in-seals',
        seal: expectedNumber,
        detail: {
          expected_seal: expectedNumber,
          found_seal: number,
          previous_size: seal.previous_size,
          expected_previous_size: previous?.seal.tree_size ?? 0,
        },
      });
    }
    const signedRoot = checkSealNote(seal, number, log.origin, options.trusted, signers, add);
    const check: SealCheck = { seal, signedRoot };
    if (previous === null) {
      if (seal.consistency_proof.length > 0 || seal.previous_size !== 0) {
        add('seal-altered', { reason: 'consistency-proof', seal: number, detail: { previous_size: seal.previous_size } });
      }
    } else if (
      seal.tree_size <= previous.seal.tree_size ||
      !verifyConsistency(previous.seal.tree_size, seal.tree_size, seal.consistency_proof, previous.signedRoot, signedRoot)
    ) {
      add('seal-altered', {
        reason: 'consistency-proof',
        seal: number,
        detail: { from_size: previous.seal.tree_size, to_size: seal.tree_size },
      });
    }
    checks.push(check);
    previous = check;
  }
  const last = checks[checks.length - 1]!.seal;
  const sealedSize = last.tree_size;

  // Leaf records (§6).
  const records = await readLeafRecords(client, log.log_id);
  if (records.size > sealedSize) {
    add('seal-missing', {
      reason: 'leaf-records-beyond-last-seal',
      seal: last.seal_number + 1,
      detail: { leaf_records: records.size, last_seal_size: sealedSize },
    });
  }
  const sealOf = (index: number): number => {
    for (const c of checks) if (index < c.seal.tree_size) return c.seal.seal_number;
    return last.seal_number + 1;
  };
  for (let i = 0; i < records.size; i++) {
    if (!records.present[i]) add('seal-altered', { reason: 'leaf-record-missing', position: i + 1, seal: sealOf(i) });
  }
  const idToPosition = new RowIdIndex(records.ids, records.present);

  // Rows, in (time, id) order, paired with leaf records by id.
  // The rows' leaf hashes where they differ from their records (elsewhere, and for rows that are gone, the record stands in).
  const rowHashes = new Map<number, Buffer>();
  const seen = new Uint8Array(records.size);
  const mismatches: number[] = [];
  const tail: Buffer[] = []; // rows in no leaf record, in order: what a deleted newest seal may have held
  const candidates: string[] = [];
  let unsealable = 0;
  let unsealed = 0;
  let rows = 0;
  let okRows = 0;
  let sealedRows = 0;
  await setFilter(client, 'horizon', last.horizon);
  const n = table.columns.length;
  const time = quoteIdentifier(table.timeColumn);
  const flagExpr = `CASE WHEN ${time} IS NULL THEN 'n' WHEN ${time} < ${filter('horizon', 'timestamp')} THEN 'b' ELSE 'a' END`;
  const copySql = comparable
    ? `COPY (SELECT ${columnList(table)}, ${flagExpr} FROM ${t} ORDER BY ${timeIdOrder(table)}) TO STDOUT`
    : `COPY (SELECT id, ${flagExpr} FROM ${t} ORDER BY ${timeIdOrder(table)}) TO STDOUT`;
  const tap = comparable && name === 'audit_logs' ? new DbV1Tap(options.maxListed ?? MAX_LISTED) : null;
  const fields = comparable ? n : 1;
  const onRow = (row: CutRow) => {
    rows++;
    if ((rows & 8191) === 0) options.progress?.(rows, null);
    tap?.add(row);
    const flag = row.text.charCodeAt(row.cuts[fields]! + 1);
    const found = idToPosition.lookupText(row.region, row.start);
    if (found >= 0) {
      seen[found] = 1;
      if (found < sealedSize) sealedRows++;
      if (!comparable) return;
      const hash = hashLeaf(leafFromCutRow(row, 0, n));
      if (records.hashes.compare(hash, 0, HASH_SIZE, found * HASH_SIZE, (found + 1) * HASH_SIZE) === 0) okRows++;
      else {
        mismatches.push(found);
        rowHashes.set(found, hash);
      }
      return;
    }
    const id = row.text.slice(row.start, row.start + 36);
    if (flag === 0x6e /* n */) {
      unsealable++;
      add('unsealable', { reason: 'null-time', id, detail: { column: table.timeColumn } });
      return;
    }
    if (comparable) tail.push(hashLeaf(leafFromCutRow(row, 0, n)));
    if (flag === 0x62 /* b */) candidates.push(id);
    else unsealed++;
  };
  const cutter = new CopyRowCutter(fields + 1, onRow);
  // The records' roots are worked out in the turns the pass spends waiting for the server.
  const signed = checks.map((c) => ({ seal_number: c.seal.seal_number, tree_size: c.seal.tree_size, root: c.signedRoot }));
  const recordSide = judgeRecordRootsMeanwhile(signed, records.size, records.hashes);
  try {
    await copyOut(client, copySql, (data) => cutter.push(data));
    cutter.end();
  } catch (error) {
    recordSide.stop();
    throw error;
  }
  options.progress?.(rows, rows);

  // Rows below the horizon in no seal: inserted, unless the console imported them after the last seal (the next seal takes them).
  const imported = await importedByConsole(client, name, candidates);
  for (const id of candidates) {
    if (imported.has(id)) unsealed++;
    else add('inserted', { reason: 'below-horizon', id, detail: { horizon: last.horizon } });
  }

  // Deleted rows: maximal runs of sealed leaves whose rows are gone; all of them gone is a truncation.
  let present = 0;
  for (let i = 0; i < Math.min(records.size, sealedSize); i++) if (records.present[i] && seen[i]) present++;
  if (present === 0 && sealedSize > 0 && records.count > 0) {
    add('truncated', { reason: 'table-emptied', position: 1, seal: 1, detail: { sealed_size: sealedSize, rows_left: rows } });
  } else {
    for (let i = 0; i < records.size;) {
      if (!records.present[i] || seen[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < records.size && records.present[j + 1] && !seen[j + 1]) j++;
      add('deleted', {
        reason: j > i ? 'run' : 'row',
        position: i + 1,
        id: recordRowId(records, i),
        seal: sealOf(i),
        detail: { count: j - i + 1, last_position: j + 1, last_id: recordRowId(records, j) },
      });
      i = j + 1;
    }
  }

  // Which side changed: the roots from the leaf records and from the rows, at every seal (§9).
  // With every row's leaf as recorded, the rows give the records' roots; otherwise both sides are built again.
  const { recordOk, rowOk } =
    rowHashes.size === 0
      ? await recordSide.recordOk.then((ok) => ({ recordOk: ok, rowOk: ok }))
      : judgeSealRoots(new MerkleAppender(), signed, records.size, (j) => recordHash(records, j), rowHashes);
  recordSide.stop();
  const explained = new Set<number>();
  for (const index of mismatches) {
    const s = sealOf(index);
    const id = recordRowId(records, index);
    const detail = {
      leaf_hash: recordHash(records, index).toString('hex'),
      row_hash: (rowHashes.get(index) ?? recordHash(records, index)).toString('hex'),
    };
    if (!recordOk.get(s) && rowOk.get(s)) {
      add('seal-altered', { reason: 'leaf-record', position: index + 1, id, seal: s, detail });
    } else {
      add('modified', { reason: 'leaf-hash-mismatch', position: index + 1, id, seal: s, detail });
    }
    explained.add(s);
  }
  for (const c of checks) {
    const s = c.seal.seal_number;
    if (!recordOk.get(s) && !rowOk.get(s) && !explained.has(s) && records.size >= c.seal.tree_size) {
      const earlierBroken = checks.some((e) => e.seal.seal_number < s && !recordOk.get(e.seal.seal_number));
      if (!earlierBroken) add('seal-altered', { reason: 'root', seal: s, detail: { size: c.seal.tree_size } });
    }
  }

  // Checkpoints the log must extend (§9): given with --checkpoint, or kept by the console.
  const newestKept = options.checkpointDir ? await newestKeptCheckpoint(options.checkpointDir, log.origin) : null;
  for (const kept of [...(options.checkpoints ?? []), ...(newestKept ? [newestKept] : [])]) {
    const cp = kept.checkpoint;
    if (cp.origin !== log.origin) continue;
    const v = verifySignedNote(kept.note, options.trusted);
    if (v.failed.length > 0) add('bad-signature', { reason: 'checkpoint', detail: { checkpoint: kept.file } });
    else if (!v.ok) add('untrusted-signer', { reason: 'checkpoint', detail: { checkpoint: kept.file } });
    const sealAt = checks.find((c) => c.seal.tree_size === cp.size);
    const tree = new MerkleAppender();
    const fromRecords = Math.min(cp.size, records.size);
    tree.appendLeafHashes(records.hashes.subarray(0, fromRecords * HASH_SIZE));
    if (cp.size <= records.size) {
      if (!tree.matchesRoot(cp.rootHash)) {
        add('inconsistent', {
          reason: 'checkpoint',
          seal: sealAt?.seal.seal_number ?? null,
          detail: { checkpoint: kept.file, size: cp.size },
        });
      } else if (!sealAt && cp.size > sealedSize) {
        add('seal-missing', {
          reason: 'checkpoint-seal-gone',
          seal: last.seal_number + 1,
          detail: { checkpoint: kept.file, size: cp.size, last_seal_size: sealedSize },
        });
      }
      continue;
    }
    for (let i = 0; tree.size < cp.size && i < tail.length; i++) tree.appendLeafHash(tail[i]!);
    if (tree.size === cp.size && tree.matchesRoot(cp.rootHash)) {
      add('seal-missing', {
        reason: 'checkpoint-seal-gone',
        seal: last.seal_number + 1,
        detail: { checkpoint: kept.file, size: cp.size, last_seal_size: sealedSize },
      });
    } else {
      add('truncated', { reason: 'checkpoint', detail: { checkpoint: kept.file, checkpoint_size: cp.size, log_size: sealedSize } });
    }
  }

  summary.rows = rows;
  summary.sealed_rows = sealedRows;
  summary.unsealed_rows = unsealed;
  summary.unsealable_rows = unsealable;
  flush();
  return { summary, ok: okRows, idToPosition, dbV1: tap ? tap.end() : null };
}
