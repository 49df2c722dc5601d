/**
 * One audit row's place in the sealed log, checked now for the audit drawer: the leaf record
 * that names it, the first seal whose tree holds that leaf, the row as it is recomputed into its
 * canonical leaf (docs/seal-format.md §2–3), and an RFC 9162 inclusion proof of the recorded
 * leaf built from the leaf records and checked against that seal's root.
 *
 * The seal's signature is not checked here: which keys to trust is the operator's choice, made
 * when verifying with seals (Integrity page, `govcon verify-db --seals`). The leaf records are
 * read up to the seal's size, one COPY; a row is found by a scan of its log's records (there is
 * no index on row_id: the sealer writes a million records without one).
 */
import type pg from 'pg';
import { AUDIT_LOGS_SEALED, leafFromCopyRow } from '../../integrity/canonical-row';
import { hashLeaf, hashesEqual } from '../../integrity/merkle/hash';
import { inclusionProof, verifyInclusion } from '../../integrity/merkle/inclusion';
import { bufferLeafHashes } from '../../integrity/merkle/leaf-hashes';
import { copyOut } from '../../platform/db/copy-out';
import type { RowSealProof } from '../../shared/model/seals';
import { applySealSession, columnList, filter, setFilter } from './log-sql';
import { hasSealTables, readLeafRecords, readSealLog } from './seal-store';

/** null: the row is in no seal (or the database has no seal tables). */
export async function rowSealProof(client: pg.Client, rowId: string): Promise<RowSealProof | null> {
  if (!(await hasSealTables(client))) return null;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await applySealSession(client);
    const result = await proofInSnapshot(client, rowId);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function proofInSnapshot(client: pg.Client, rowId: string): Promise<RowSealProof | null> {
  const log = await readSealLog(client, 'audit_logs');
  if (!log) return null;
  const { rows: leaves } = await client.query<{ leaf_index: string; leaf_hash: Buffer }>(
    'SELECT leaf_index::text AS leaf_index, leaf_hash FROM console_seal_leaves WHERE log_id = $1 AND row_id = $2 ORDER BY leaf_index LIMIT 1',
    [log.log_id, rowId],
  );
  const leaf = leaves[0];
  if (!leaf) return null;
  const leafIndex = Number(leaf.leaf_index);
  const { rows: seals } = await client.query<{ seal_number: number; tree_size: string; root_hash: Buffer }>(
    `SELECT seal_number, tree_size::text AS tree_size, root_hash FROM console_seals
      WHERE log_id = $1 AND tree_size > $2 ORDER BY seal_number LIMIT 1`,
    [log.log_id, leafIndex],
  );
  const seal = seals[0];
  if (!seal) return null; // a record past every seal: verification with seals reports it
  const treeSize = Number(seal.tree_size);

  const now = await currentLeafHash(client, rowId);
  const records = await readLeafRecords(client, log.log_id, treeSize);
  const complete = records.size === treeSize && records.count === treeSize;
  const proof = complete ? inclusionProof(bufferLeafHashes(records.hashes), leafIndex, treeSize) : null;
  return {
    sealNumber: seal.seal_number,
    leafIndex,
    treeSize,
    leafMatchesRow: now !== null && hashesEqual(now, leaf.leaf_hash),
    inclusionProofChecked: proof !== null && verifyInclusion(leafIndex, treeSize, leaf.leaf_hash, proof, seal.root_hash),
    proofLength: proof?.length ?? null,
  };
}

/** The leaf hash of the row as it is now, read as the sealer reads it; null when the row is gone. */
async function currentLeafHash(client: pg.Client, rowId: string): Promise<Buffer | null> {
  await setFilter(client, 'row_id', rowId);
  const lines: Buffer[] = [];
  let pending = Buffer.alloc(0);
  await copyOut(
    client,
    `COPY (SELECT ${columnList(AUDIT_LOGS_SEALED)} FROM audit_logs WHERE id = ${filter('row_id', 'uuid')}) TO STDOUT`,
    (data) => {
      pending = Buffer.concat([pending, data]);
    },
  );
  for (let start = 0, nl = pending.indexOf(0x0a); nl !== -1; start = nl + 1, nl = pending.indexOf(0x0a, start)) {
    lines.push(pending.subarray(start, nl));
  }
  const row = lines[0];
  return row ? hashLeaf(leafFromCopyRow(row, AUDIT_LOGS_SEALED.columns.length)) : null;
}
