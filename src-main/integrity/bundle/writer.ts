/**
 * Writes a govcon-evidence/v1 bundle (docs/seal-format.md §12) as a stream of chunks, from the
 * rows, their leaf indexes, the log's leaf hashes and its signed checkpoints. Pure: it reads
 * the rows twice (once for the manifest's sizes and digests, which come first, once to write
 * them) and holds only one leaf hash per row. Refuses a row whose leaf hash is not the log's
 * leaf at its index: a bundle never carries a row that its own proofs would reject.
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { canonicalRowBytes } from '../canonical-row';
import type { RowValue, SealedTable } from '../canonical-row';
import { consistencyProof } from '../merkle/consistency';
import { hashLeaf, hashesEqual, HASH_SIZE } from '../merkle/hash';
import { inclusionProof } from '../merkle/inclusion';
import type { LeafHashes } from '../merkle/leaf-hashes';
import { rootHash } from '../merkle/leaf-hashes';
import { rangeProof } from '../merkle/range-proof';
import { parseCheckpoint } from '../note/checkpoint';
import { parseSignedNote } from '../note/signed-note';
import { BUNDLE_FORMAT, checkpointMember, jsonMember, jsonRowLine, MEMBER } from './format';
import type { BundleManifest, BundleProofs, BundleRun, ManifestMember } from './format';
import { END_OF_ARCHIVE, paddingFor, tarHeader } from './tar';

export interface BundleRow {
  /** 0-based leaf index in the log. */
  leafIndex: number;
  /** The row's values in the table's canonical column order (text, or null for NULL). */
  values: readonly RowValue[];
}

export interface BundleInput {
  table: SealedTable;
  /** Signed checkpoints of the log (note text), in ascending tree size; proofs are against the last. */
  notes: readonly string[];
  /** Verifier keys of the signers, put in keys.txt to be shown (a verifier never trusts them). */
  keys: readonly string[];
  /** The log's leaf hashes, at least up to the last checkpoint's size. */
  tree: LeafHashes;
  /** The chosen rows in ascending leaf index, each once. Called twice. */
  rows: () => Iterable<BundleRow>;
  selection: string;
  exportedAt: string;
  exportedBy: string;
  consoleVersion: string;
  /** The standalone verifier's source, to put in the bundle (`--with-verifier`). */
  verifier?: string;
}

export class BundleWriteError extends Error {
  override name = 'BundleWriteError';
}

const CHUNK = 1 << 20;

/** The bundle's bytes, in order; concatenated they are the file. */
export function* writeBundle(input: BundleInput): Generator<Buffer> {
  const { table, notes, tree } = input;
  const columns = table.columns.map((c) => c.name);
  if (notes.length === 0) throw new BundleWriteError('a bundle needs at least one signed checkpoint');
  const heads = notes.map((n) => parseCheckpoint(parseSignedNote(n).text));
  const origin = heads[0].origin;
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i];
    if (h.origin !== origin) throw new BundleWriteError('all checkpoints of a bundle are of one log (one origin)');
    if (i > 0 && h.size < heads[i - 1].size) throw new BundleWriteError('checkpoints go in ascending tree size');
    if (h.size > tree.size) throw new BundleWriteError(`checkpoint ${i + 1} has ${h.size} leaves, the tree ${tree.size}`);
    if (!hashesEqual(rootHash(tree, h.size), h.rootHash))
      throw new BundleWriteError(`checkpoint ${i + 1}'s root is not the tree's root at its size`);
  }
  const last = heads.length;
  const size = heads[last - 1].size;

  // Pass 1: leaf hashes, runs, and the rows members' sizes and digests.
  const leafList: Buffer[] = [];
  const runs: Array<{ firstRow: number; rows: number; leafIndex: number }> = [];
  const canonicalHash = crypto.createHash('sha256');
  const jsonHash = crypto.createHash('sha256');
  let canonicalSize = 0;
  let jsonSize = 0;
  let previous = -1;
  for (const row of input.rows()) {
    if (!Number.isSafeInteger(row.leafIndex) || row.leafIndex <= previous || row.leafIndex >= size) {
      throw new BundleWriteError(`leaf index ${row.leafIndex} is not after ${previous} and below the tree size ${size}`);
    }
    const canonical = canonicalRowBytes(row.values, table);
    const leaf = hashLeaf(canonical);
    if (!hashesEqual(leaf, tree.leafHash(row.leafIndex))) {
      throw new BundleWriteError(`the row at leaf ${row.leafIndex} is not the sealed row (its leaf hash differs): refusing to export it`);
    }
    leafList.push(leaf);
    const json = Buffer.from(`${jsonRowLine(row.leafIndex, columns, row.values)}\n`, 'utf8');
    canonicalHash.update(canonical).update('\n');
    jsonHash.update(json);
    canonicalSize += canonical.length + 1;
    jsonSize += json.length;
    const run = runs[runs.length - 1];
    if (run && run.leafIndex + run.rows === row.leafIndex) run.rows++;
    else runs.push({ firstRow: leafList.length, rows: 1, leafIndex: row.leafIndex });
    previous = row.leafIndex;
  }
  if (leafList.length === 0) throw new BundleWriteError('no rows to export');

  const proofs: BundleProofs = {
    consistency: heads.slice(1).map((h, i) => consistencyProof(tree, heads[i].size, h.size).map(hex)),
    runs: runs.map((r): BundleRun => {
      const at = { checkpoint: last, first_row: r.firstRow, rows: r.rows, leaf_index: r.leafIndex };
      if (r.rows === 1) return { ...at, inclusion: inclusionProof(tree, r.leafIndex, size).map(hex) };
      const p = rangeProof(tree, r.leafIndex, r.leafIndex + r.rows, size);
      return { ...at, left: p.left.map(hex), right: p.right.map(hex) };
    }),
  };

  const small: Array<[string, Buffer]> = [
    ...notes.map((n, i): [string, Buffer] => [checkpointMember(i + 1), Buffer.from(n, 'utf8')]),
    [MEMBER.keys, Buffer.from(input.keys.map((k) => `${k}\n`).join(''), 'utf8')],
    [MEMBER.proofs, Buffer.from(jsonMember(proofs), 'utf8')],
    [MEMBER.leaves, Buffer.concat(leafList, leafList.length * HASH_SIZE)],
  ];
  const members: ManifestMember[] = small.map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256Hex(bytes) }));
  members.push({ name: MEMBER.canonical, size: canonicalSize, sha256: canonicalHash.digest('hex') });
  members.push({ name: MEMBER.jsonl, size: jsonSize, sha256: jsonHash.digest('hex') });
  const verifier = input.verifier === undefined ? null : Buffer.from(input.verifier, 'utf8');
  if (verifier) members.push({ name: MEMBER.verifier, size: verifier.length, sha256: sha256Hex(verifier) });

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    table: table.table,
    columns,
    origin,
    rows: leafList.length,
    checkpoints: notes.length,
    selection: input.selection,
    exported_at: input.exportedAt,
    exported_by: input.exportedBy,
    console_version: input.consoleVersion,
    members,
  };
  const manifestBytes = Buffer.from(jsonMember(manifest), 'utf8');

  // Pass 2: the file.
  yield* member(MEMBER.manifest, manifestBytes);
  for (const [name, bytes] of small) yield* member(name, bytes);
  yield* streamed(MEMBER.canonical, canonicalSize, input.rows(), (row) => {
    const b = canonicalRowBytes(row.values, table);
    return [b, NEWLINE];
  });
  yield* streamed(MEMBER.jsonl, jsonSize, input.rows(), (row) => [
    Buffer.from(`${jsonRowLine(row.leafIndex, columns, row.values)}\n`, 'utf8'),
  ]);
  if (verifier) yield* member(MEMBER.verifier, verifier);
  yield* member(MEMBER.manifestDigest, Buffer.from(`${sha256Hex(manifestBytes)}  ${MEMBER.manifest}\n`, 'ascii'));
  yield Buffer.from(END_OF_ARCHIVE);
}

const NEWLINE = Buffer.from('\n');

function* member(name: string, bytes: Buffer): Generator<Buffer> {
  yield tarHeader(name, bytes.length);
  yield bytes;
  const pad = paddingFor(bytes.length);
  if (pad > 0) yield Buffer.alloc(pad);
}

function* streamed(name: string, size: number, rows: Iterable<BundleRow>, lines: (row: BundleRow) => Buffer[]): Generator<Buffer> {
  yield tarHeader(name, size);
  let batch: Buffer[] = [];
  let batchSize = 0;
  let written = 0;
  for (const row of rows) {
    for (const b of lines(row)) {
      batch.push(b);
      batchSize += b.length;
    }
    if (batchSize >= CHUNK) {
      yield Buffer.concat(batch, batchSize);
      written += batchSize;
      batch = [];
      batchSize = 0;
    }
  }
  if (batchSize > 0) yield Buffer.concat(batch, batchSize);
  written += batchSize;
  if (written !== size) throw new BundleWriteError(`the rows changed between the two passes (${name}: ${written} bytes, expected ${size})`);
  const pad = paddingFor(size);
  if (pad > 0) yield Buffer.alloc(pad);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function sha256Hex(b: Uint8Array): string {
  return crypto.createHash('sha256').update(b).digest('hex');
}
