/**
 * `verify-db --seals --since-checkpoint FILE` (docs/seal-format.md §9): incremental verification
 * of one log from a checkpoint kept outside the database. The tree state beside FILE (its
 * right-edge frontier, checked against FILE's signed root — never taken from the database) stands
 * for the leaves up to the checkpoint's size K; only the leaf records after K, their rows, and the
 * rows whose time is at or after the horizon of the seal at K are read. From the frontier plus
 * those leaves every later seal's root is recomputed (which proves that the later seals extend the
 * checkpoint), every later seal's note, signatures and consistency proof are checked, and every
 * row after K is compared with its leaf record.
 */
import { Buffer } from 'node:buffer';
import type pg from 'pg';
import { AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED, leafFromCopyRow, leafFromCutRow, type SealedTable } from '../../integrity/canonical-row';
import { CopyRowCutter, type CutRow } from '../../integrity/copy-rows';
import { LineSplitter } from '../../integrity/line-splitter';
import type { MerkleAppender } from '../../integrity/merkle/appender';
import { verifyConsistency } from '../../integrity/merkle/consistency';
import { HASH_SIZE, hashLeaf, hashesEqual } from '../../integrity/merkle/hash';
import { parseCheckpoint } from '../../integrity/note/checkpoint';
import type { NoteVerifierKey } from '../../integrity/note/note-keys';
import { parseSignedNote } from '../../integrity/note/signed-note';
import { copyOut } from '../../platform/db/copy-out';
import { onOwnConnection } from '../../platform/db/pg-client';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import type { JobOptions } from '../../platform/jobs/job-context';
import { AppError } from '../../shared/errors';
import { finding, type Finding } from '../../shared/model/report-values';
import type { SealReport } from '../../shared/model/report';
import { readSnapshotFacts } from '../verification/verify-db';
import type { ReportFacts } from '../verification/reports/facts';
import type { KeptCheckpoint } from './checkpoint-files';
import { applySealSession, columnList, filter, setFilter, timeIdOrder } from './log-sql';
import { ID_SIZE, RowIdIndex, uuidBytes, uuidText } from './row-id-index';
import { hasSealTables, readSealLog, readSeals, type SealRow } from './seal-store';
import { sealReport } from './seal-report';
import { judgeSealRoots } from './seal-roots';
import { checkSchema, checkSealNote, importedByConsole, noteSignatures, type SignerFact } from './seal-checks';
import { DbV1Tap } from './db-v1-tap';
import { MAX_LISTED, type LogVerification, type SealVerificationResult } from './verify-seals';

export interface VerifySinceOptions extends JobOptions {
  trusted: readonly NoteVerifierKey[];
  /** The kept checkpoint (FILE) … */
  checkpoint: KeptCheckpoint;
  /** … and its state (FILE.state), already checked against the checkpoint's signed root. */
  state: MerkleAppender;
  maxListed?: number;
}

/** Fields of a leaf record before its row's columns in the pass below: its index (from K), row id, hash, and whether the row is there. */
const LEAF_FIELDS = 4;

/** What the incremental pass read and what it did not. */
export interface SinceFacts {
  log: SealedTable['table'];
  checkpoint: string;
  checkpoint_size: number;
  /** The newest seal's size (0 when the log has none). */
  log_size: number;
  /** Leaf records read (those after the checkpoint's size). */
  leaves_reread: number;
  /** Rows read: those of the leaves after the checkpoint, and those at or after its horizon. */
  rows_reread: number;
  /** The seals checked: the one at the checkpoint's size and every later one. */
  seals_checked: number;
  /** The time from which rows in no leaf record are looked for (the horizon of the seal at the checkpoint's size). */
  since_horizon: string | null;
}

export interface SinceVerificationResult extends SealVerificationResult {
  since: SinceFacts;
}

/**
 * Literals for the few values the incremental COPY statements filter on. COPY takes no
 * parameters, and a filter read from a session setting (log-sql.ts) is opaque to the planner,
 * which then scans the whole table for "the rows after K" — the very reading this pass avoids.
 * So the values are written into the SQL, each checked against a strict form first.
 */
function uuidLiteral(v: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) throw new AppError('INTERNAL', `Not a uuid: ${v}`);
  return `'${v}'::uuid`;
}
function sizeLiteral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new AppError('INTERNAL', `Not a tree size: ${n}`);
  return `${n}::bigint`;
}
function timestampLiteral(v: string | null): string {
  if (v === null) return `'-infinity'::timestamp`;
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(v)) throw new AppError('INTERNAL', `Not a timestamp: ${v}`);
  return `'${v}'::timestamp`;
}

function signedRootOf(seal: SealRow): Buffer {
  try {
    return parseCheckpoint(parseSignedNote(seal.note).text).rootHash;
  } catch {
    return seal.root_hash;
  }
}

/** The sealed table a checkpoint's origin names (`…/<table>`, docs/seal-format.md §5). */
export function tableOfOrigin(origin: string): SealedTable {
  if (origin.endsWith('/audit_logs')) return AUDIT_LOGS_SEALED;
  if (origin.endsWith('/console_events')) return CONSOLE_EVENTS_SEALED;
  throw new AppError('VALIDATION', `The checkpoint's origin "${origin}" names no sealed table (audit_logs or console_events).`);
}

export async function verifySince(config: pg.ClientConfig, options: VerifySinceOptions): Promise<SinceVerificationResult> {
  const kept = options.checkpoint;
  const cp = kept.checkpoint;
  const table = tableOfOrigin(cp.origin);
  const name = table.table;
  const maxListed = options.maxListed ?? MAX_LISTED;
  return onOwnConnection(config, options.signal, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await applySealSession(client);
    const snapshot = await readSnapshotFacts(client);
    if (!(await hasSealTables(client))) {
      throw new AppError('SCHEMA_MISSING', 'The database has no seal tables: apply the console migrations first (govcon migrate up).');
    }
    const own: Finding[] = [];
    const add = (kind: string, fields: Partial<Omit<Finding, 'kind'>> = {}) =>
      own.push(finding(kind, { ...fields, detail: { log: name, ...((fields.detail as object | null) ?? {}) } }));
    const signers = new Map<string, SignerFact>();

    // The kept checkpoint's own signatures: what everything below rests on.
    const cv = noteSignatures(kept.note, options.trusted, signers);
    if (cv.failed.length > 0) add('bad-signature', { reason: 'checkpoint', detail: { checkpoint: kept.file } });
    else if (!cv.ok) add('untrusted-signer', { reason: 'checkpoint', detail: { checkpoint: kept.file } });

    const K = cp.size;
    const log = await readSealLog(client, name);
    const seals = log ? await readSeals(client, log.log_id) : [];
    const last = seals.at(-1) ?? null;
    const facts: SinceFacts = {
      log: name,
      checkpoint: kept.file,
      checkpoint_size: K,
      log_size: last?.tree_size ?? 0,
      leaves_reread: 0,
      rows_reread: 0,
      seals_checked: 0,
      since_horizon: null,
    };
    const summary: LogVerification = {
      table: name,
      origin: log?.origin ?? null,
      seals: seals.length,
      tree_size: last?.tree_size ?? 0,
      rows: 0,
      sealed_rows: 0,
      unsealed_rows: 0,
      unsealable_rows: 0,
      newest_horizon: last?.horizon ?? null,
      findings: 0,
    };
    /** db-v1 failures beyond the listing limit (counted by its verifier, never held). */
    let dbV1NotListed = 0;
    const finish = (ok: number, dbV1: SealVerificationResult['db_v1'], rows: number): SinceVerificationResult => {
      const at = (f: Finding) => f.position ?? Number.MAX_SAFE_INTEGER;
      own.sort((a, b) => at(a) - at(b));
      summary.findings = own.length;
      const listed = own.slice(0, maxListed);
      return {
        snapshot,
        rows,
        total: rows,
        ok,
        sealed_rows: summary.sealed_rows,
        unsealed_rows: summary.unsealed_rows,
        seals: facts.seals_checked,
        findings: listed,
        findings_not_listed: own.length - listed.length + dbV1NotListed,
        signers: [...signers.values()],
        db_v1: dbV1,
        logs: [summary],
        since: facts,
      };
    };

    if (!log || !last) {
      add('truncated', { reason: 'seals-gone', detail: { checkpoint: kept.file, checkpoint_size: K, log_size: 0 } });
      await client.query('COMMIT');
      return finish(0, null, 0);
    }
    if (log.origin !== cp.origin) {
      add('inconsistent', { reason: 'origin', detail: { checkpoint: kept.file, checkpoint_origin: cp.origin, log_origin: log.origin } });
      await client.query('COMMIT');
      return finish(0, null, 0);
    }
    if (last.tree_size < K) {
      add('truncated', { reason: 'checkpoint', detail: { checkpoint: kept.file, checkpoint_size: K, log_size: last.tree_size } });
      await client.query('COMMIT');
      return finish(0, null, 0);
    }

    // Schema (§8), as the full pass says it.
    const comparable = await checkSchema(client, table, add);

    // The seal at the checkpoint's size must sign its root; every later seal is checked as the full pass does.
    const sealAtK = seals.find((s) => s.tree_size === K) ?? null;
    const below = seals.filter((s) => s.tree_size < K).at(-1) ?? null;
    const later = seals.filter((s) => s.tree_size > K);
    let consistent = true;
    if (sealAtK && !hashesEqual(signedRootOf(sealAtK), cp.rootHash)) {
      consistent = false;
      add('inconsistent', {
        reason: 'checkpoint',
        seal: sealAtK.seal_number,
        detail: { checkpoint: kept.file, size: K, seal_root: signedRootOf(sealAtK).toString('hex') },
      });
    }
    const checked = [...(sealAtK ? [sealAtK] : []), ...later];
    facts.seals_checked = checked.length;
    let previous: SealRow | null = sealAtK ?? below;
    let previousRoot: Buffer | null = sealAtK ? cp.rootHash : null;
    for (const seal of checked) {
      const number = seal.seal_number;
      if (seal !== sealAtK && previous) {
        if (number !== previous.seal_number + 1 || seal.previous_size !== previous.tree_size) {
          add('seal-missing', {
            reason: 'gap-in-seals',
            seal: previous.seal_number + 1,
            detail: {
              expected_seal: previous.seal_number + 1,
              found_seal: number,
              previous_size: seal.previous_size,
              expected_previous_size: previous.tree_size,
            },
          });
        }
      }
      const signedRoot = checkSealNote(seal, number, log.origin, options.trusted, signers, add);
      if (seal !== sealAtK && previous && previousRoot && consistent) {
        if (
          seal.tree_size <= previous.tree_size ||
          !verifyConsistency(previous.tree_size, seal.tree_size, seal.consistency_proof, previousRoot, signedRoot)
        ) {
          add('seal-altered', {
            reason: 'consistency-proof',
            seal: number,
            detail: { from_size: previous.tree_size, to_size: seal.tree_size },
          });
        }
      }
      previous = seal;
      previousRoot = signedRoot;
    }
    const lastSize = last.tree_size;

    // The leaf records after K, each with its row (paired by id), in leaf order.
    await setFilter(client, 'log_id', log.log_id);
    await setFilter(client, 'leaf_from', String(K));
    // The reads below are ranges of an index (leaf index ≥ K; time ≥ the checkpoint's horizon): with the table's
    // statistics stale (rows added since the last ANALYZE, as here by definition) the planner may prefer to scan
    // the whole table, which is what this pass exists to avoid.
    await client.query('SET LOCAL enable_seqscan = off');
    const logLit = uuidLiteral(log.log_id);
    const fromLit = sizeLiteral(K);
    const sizeSql = `SELECT (max(leaf_index) + 1)::text AS n FROM console_seal_leaves WHERE log_id = $1 AND leaf_index >= $2`;
    const end = Math.max(K, Number((await client.query<{ n: string | null }>(sizeSql, [log.log_id, K])).rows[0]?.n ?? K));
    const M = end - K;
    const hashes = Buffer.alloc(M * HASH_SIZE);
    const ids = Buffer.alloc(M * ID_SIZE);
    const present = new Uint8Array(M);
    const seen = new Uint8Array(M);
    const rowHashes = new Map<number, Buffer>();
    const mismatches: number[] = [];
    const n = table.columns.length;
    const t = quoteIdentifier(name);
    const tap = comparable && name === 'audit_logs' ? new DbV1Tap(maxListed, LEAF_FIELDS) : null;
    let okRows = 0;
    let rows = 0;
    let records = 0;
    const rowColumns = comparable ? `, ${columnList(table, 'a')}` : '';
    const leavesSql = `COPY (SELECT l.leaf_index - ${fromLit}, l.row_id, encode(l.leaf_hash, 'hex'),
        CASE WHEN a.${quoteIdentifier(table.idColumn)} IS NULL THEN 'f' ELSE 't' END${rowColumns}
        FROM console_seal_leaves l LEFT JOIN ${t} a ON a.${quoteIdentifier(table.idColumn)} = l.row_id
       WHERE l.log_id = ${logLit} AND l.leaf_index >= ${fromLit} AND length(l.leaf_hash) = 32
       ORDER BY l.leaf_index) TO STDOUT`;
    const onLeaf = (row: CutRow) => {
      const { text, cuts } = row;
      const j = Number(text.slice(row.start, cuts[1]));
      if (j < 0 || j >= M) return;
      uuidBytes(row.region, cuts[1]! + 1, ids, j * ID_SIZE);
      hashes.write(text.slice(cuts[2]! + 1, cuts[3]), j * HASH_SIZE, HASH_SIZE, 'hex');
      if (!present[j]) records++;
      present[j] = 1;
      if (text.charCodeAt(cuts[3]! + 1) !== 0x74 /* t */) return;
      seen[j] = 1;
      rows++;
      if (K + j < lastSize) summary.sealed_rows++;
      if (!comparable) return;
      tap?.add(row);
      const hash = hashLeaf(leafFromCutRow(row, LEAF_FIELDS, n));
      if (hashes.compare(hash, 0, HASH_SIZE, j * HASH_SIZE, (j + 1) * HASH_SIZE) === 0) okRows++;
      else {
        mismatches.push(j);
        rowHashes.set(j, hash);
      }
      if ((rows & 8191) === 0) options.progress?.(rows, null);
    };
    const leafCutter = new CopyRowCutter(LEAF_FIELDS + (comparable ? n : 0), onLeaf);
    await copyOut(client, leavesSql, (data) => leafCutter.push(data));
    leafCutter.end();
    facts.leaves_reread = records;
    const index = new RowIdIndex(ids, present);
    const recordHash = (j: number) => hashes.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE);
    const recordId = (j: number) => (present[j] ? uuidText(ids, j) : null);

    const sealOf = (leaf: number): number => {
      for (const s of checked) if (leaf < s.tree_size) return s.seal_number;
      return last.seal_number + 1;
    };
    if (end > lastSize) {
      add('seal-missing', {
        reason: 'leaf-records-beyond-last-seal',
        seal: last.seal_number + 1,
        detail: { leaf_records: end, last_seal_size: lastSize },
      });
    }
    for (let j = 0; j < M; j++) {
      if (!present[j]) add('seal-altered', { reason: 'leaf-record-missing', position: K + j + 1, seal: sealOf(K + j) });
    }

    // Rows at or after the checkpoint's horizon that are in no leaf record after it: not yet sealed, inserted, or unsealable.
    const sinceHorizon = sealAtK?.horizon ?? below?.horizon ?? null;
    facts.since_horizon = sinceHorizon;
    const time = quoteIdentifier(table.timeColumn);
    const idCol = quoteIdentifier(table.idColumn);
    const flagExpr = `CASE WHEN ${time} < ${timestampLiteral(last.horizon)} THEN 'b' ELSE 'a' END`;
    // Two branches, so that each reads the (time, id) index: the rows at or after the horizon, and those with no time.
    const newerSql = `COPY (SELECT * FROM (SELECT ${idCol}, ${flagExpr} FROM ${t} WHERE ${time} >= ${timestampLiteral(sinceHorizon)}
        ORDER BY ${timeIdOrder(table)}) r UNION ALL SELECT ${idCol}, 'n' FROM ${t} WHERE ${time} IS NULL) TO STDOUT`;
    const candidates: string[] = [];
    const onNewer = (line: Uint8Array) => {
      const row = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
      if (index.lookupText(row) >= 0) return;
      rows++;
      const id = row.toString('latin1', 0, 36);
      const flag = row[row.length - 1];
      if (flag === 0x6e /* n */) {
        summary.unsealable_rows++;
        add('unsealable', { reason: 'null-time', id, detail: { column: table.timeColumn } });
      } else if (flag === 0x62 /* b */) candidates.push(id);
      else summary.unsealed_rows++;
    };
    const newerSplitter = new LineSplitter();
    await copyOut(client, newerSql, (data) => newerSplitter.push(data, onNewer));
    newerSplitter.end(onNewer);
    facts.rows_reread = rows;

    // Candidates: imported by the console after the last seal (not yet sealed), sealed before the checkpoint (their time moved), or inserted.
    const imported = await importedByConsole(client, name, candidates);
    const rest = candidates.filter((id) => !imported.has(id));
    summary.unsealed_rows += candidates.length - rest.length;
    const earlier = new Map<string, { leaf: number; same: boolean }>();
    if (rest.length > 0) {
      // Only on this path (something is already wrong) are the leaf records before K looked up, by row id.
      await setFilter(client, 'candidate_ids', rest.join(','));
      const earlierSql = comparable
        ? `COPY (SELECT l.leaf_index, encode(l.leaf_hash, 'hex'), ${columnList(table, 'a')}
             FROM console_seal_leaves l JOIN ${t} a ON a.${quoteIdentifier(table.idColumn)} = l.row_id
            WHERE l.log_id = ${filter('log_id', 'uuid')} AND l.leaf_index < ${filter('leaf_from', 'bigint')}
              AND l.row_id = ANY (string_to_array(${filter('candidate_ids', 'text')}, ',')::uuid[])) TO STDOUT`
        : `COPY (SELECT l.leaf_index, encode(l.leaf_hash, 'hex'), l.row_id FROM console_seal_leaves l
            WHERE l.log_id = ${filter('log_id', 'uuid')} AND l.leaf_index < ${filter('leaf_from', 'bigint')}
              AND l.row_id = ANY (string_to_array(${filter('candidate_ids', 'text')}, ',')::uuid[])) TO STDOUT`;
      const onEarlier = (line: Uint8Array) => {
        const row = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
        const t1 = row.indexOf(9);
        const t2 = row.indexOf(9, t1 + 1);
        const leaf = Number(row.toString('latin1', 0, t1));
        const data = row.subarray(t2 + 1);
        const id = data.toString('latin1', 0, 36);
        const same = comparable && hashLeaf(leafFromCopyRow(data, n)).toString('hex') === row.toString('latin1', t1 + 1, t2);
        earlier.set(id, { leaf, same });
      };
      const earlierSplitter = new LineSplitter();
      await copyOut(client, earlierSql, (data) => earlierSplitter.push(data, onEarlier));
      earlierSplitter.end(onEarlier);
    }
    for (const id of rest) {
      const e = earlier.get(id);
      if (!e) add('inserted', { reason: 'below-horizon', id, detail: { horizon: last.horizon } });
      else if (!e.same)
        add('modified', {
          reason: 'leaf-hash-mismatch',
          position: e.leaf + 1,
          id,
          detail: { before_checkpoint: true, note: 'sealed before the checkpoint; its time is now at or after its horizon' },
        });
    }

    // Deleted rows after K: maximal runs of leaves whose rows are gone.
    for (let j = 0; j < M;) {
      if (!present[j] || seen[j]) {
        j++;
        continue;
      }
      let k = j;
      while (k + 1 < M && present[k + 1] && !seen[k + 1]) k++;
      add('deleted', {
        reason: k > j ? 'run' : 'row',
        position: K + j + 1,
        id: recordId(j),
        seal: sealOf(K + j),
        detail: { count: k - j + 1, last_position: K + k + 1, last_id: recordId(k) },
      });
      j = k + 1;
    }

    // Every later root from the kept frontier plus the leaves after K: from the leaf records, and from the rows.
    const { recordOk, rowOk } = judgeSealRoots(
      options.state.clone(),
      later.map((s) => ({ seal_number: s.seal_number, tree_size: s.tree_size, root: signedRootOf(s) })),
      end - K,
      recordHash,
      rowHashes,
    );
    const explained = new Set<number>();
    for (const m of mismatches) {
      const s = sealOf(K + m);
      const detail = { leaf_hash: recordHash(m).toString('hex'), row_hash: rowHashes.get(m)!.toString('hex') };
      if (!recordOk.get(s) && rowOk.get(s))
        add('seal-altered', { reason: 'leaf-record', position: K + m + 1, id: recordId(m), seal: s, detail });
      else add('modified', { reason: 'leaf-hash-mismatch', position: K + m + 1, id: recordId(m), seal: s, detail });
      explained.add(s);
    }
    if (consistent) {
      let broken = false;
      for (const s of later) {
        const number = s.seal_number;
        if (recordOk.get(number) || rowOk.get(number) || broken) continue;
        broken = true;
        if (explained.has(number)) continue;
        if (!sealAtK && s === later[0]) {
          // No seal at the checkpoint's size, and the first later one does not extend it.
          add('inconsistent', { reason: 'checkpoint', seal: number, detail: { checkpoint: kept.file, size: K, seal_size: s.tree_size } });
        } else if (end >= s.tree_size) {
          add('seal-altered', { reason: 'root', seal: number, detail: { size: s.tree_size } });
        }
      }
      if (!sealAtK && later.length > 0 && recordOk.get(later[0]!.seal_number) && !own.some((f) => f.kind === 'seal-missing')) {
        add('seal-missing', {
          reason: 'checkpoint-seal-gone',
          seal: (below?.seal_number ?? 0) + 1,
          detail: { checkpoint: kept.file, size: K },
        });
      }
    }

    // db-v1 of the rows re-read, placed at their leaves.
    let dbV1: SealVerificationResult['db_v1'] = null;
    if (tap) {
      const part = tap.end();
      for (const f of part.failures) {
        const at = index.lookup(f.id);
        add('db-v1', {
          reason: f.reason,
          position: at < 0 ? null : K + at + 1,
          id: f.id,
          detail: { verdict: f.verdict, stored: f.stored, computed: f.computed },
        });
      }
      dbV1 = { tampered: part.tampered, unverifiable: part.unverifiable };
      dbV1NotListed = part.failures_not_listed;
    }
    options.progress?.(rows, rows);
    await client.query('COMMIT');
    summary.rows = rows;
    return finish(okRows, dbV1, rows);
  });
}

/** The report: the seal-v1 shape, with a method and a not-covered that say what was not read again. */
export function sinceReport(result: SinceVerificationResult, facts: ReportFacts): SealReport {
  const s = result.since;
  const other = s.log === 'audit_logs' ? 'console_events' : 'audit_logs';
  const method =
    `seal-v1 incremental (--since-checkpoint, docs/seal-format.md §9) of ${s.log} from the kept checkpoint ${s.checkpoint} ` +
    `(size ${s.checkpoint_size}), in one REPEATABLE READ snapshot: the checkpoint's signatures checked against the trusted keys; ` +
    `its state file (the right-edge frontier) checked against its signed root, never read from the database; the seal at its size ` +
    `checked to sign the same root; the ${s.seals_checked} seal(s) from it on checked (note text, signatures, consistency proofs), ` +
    `and every later root recomputed from the frontier plus the leaf records after leaf ${s.checkpoint_size} (which proves the log ` +
    `extends the checkpoint); the ${s.leaves_reread} leaf record(s) after it (leaves ${s.checkpoint_size + 1} to ${s.log_size}) ` +
    `re-read with their rows, each row's canonical row hashed and compared with its record; rows with a time at or after the ` +
    `horizon of the seal at the checkpoint's size (${s.since_horizon ?? 'none'}) and in no later leaf record judged inserted or ` +
    `not yet sealed; db-v1 over the rows re-read. ${s.rows_reread} row(s) read in all: subject.rows, total, ok and sealed_rows ` +
    `count those, not the whole table.`;
  const notCovered =
    `NOT re-read: the ${s.checkpoint_size} leaf record(s) up to the checkpoint's size (leaves 1 to ${s.checkpoint_size}), their ` +
    `rows and the seals before it — a row sealed before the checkpoint that was changed or deleted since is not seen (run ` +
    `verify-db --seals without --since-checkpoint for that); rows slipped in with a time before the checkpoint's horizon; ` +
    `${other} (another log: give its own checkpoint, or run the full pass). ` +
    'Rows newer than the newest horizon (and rows the console imported after the last seal) are counted as not yet sealed, not ' +
    'judged. The result is only as good as the kept checkpoint: a checkpoint not signed by a trusted key is a finding.';
  return { ...sealReport(result, facts), method, not_covered: notCovered };
}
