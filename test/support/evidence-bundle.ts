/**
 * Synthetic sealed logs and their evidence bundles, without a database: rows of audit_logs made
 * from a seed, the tree of their leaves, checkpoints signed with fixed test keys. For the
 * bundle tests and bench/evidence-bench.ts.
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { AUDIT_LOGS_SEALED, canonicalRowBytes } from '../../src-main/integrity/canonical-row';
import type { RowValue } from '../../src-main/integrity/canonical-row';
import { hashLeaf } from '../../src-main/integrity/merkle/hash';
import { bufferLeafHashes, rootHash } from '../../src-main/integrity/merkle/leaf-hashes';
import { CachedLeafHashes } from '../../src-main/integrity/merkle/cached-leaf-hashes';
import { formatCheckpoint } from '../../src-main/integrity/note/checkpoint';
import { ed25519VerifierKey } from '../../src-main/integrity/note/note-keys';
import { ed25519NoteSigner, signNote } from '../../src-main/integrity/note/signed-note';
import { writeBundle } from '../../src-main/integrity/bundle/writer';
import type { BundleRow } from '../../src-main/integrity/bundle/writer';

export const ORIGIN = 'govcon.local/govcon/7e57c0de-0000-4000-8000-00000000e71d/audit_logs';
const seed = (text: string) => crypto.createHash('sha256').update(text).digest();
export const SEALER = { name: 'test-sealer', seed: seed('govcon evidence test sealer') };
export const OTHER = { name: 'someone-else', seed: seed('govcon evidence test other') };
export const vkeyOf = (k: { name: string; seed: Buffer }) => ed25519VerifierKey(k.name, crypto.createPublicKey(ed25519Private(k.seed)));

function ed25519Private(s: Buffer): crypto.KeyObject {
  return crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), s]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** Row i of a synthetic audit trail: every column, some NULLs, escapes, jsonb text. */
export function syntheticRow(i: number, salt = ''): RowValue[] {
  const h = crypto.createHash('sha256').update(`${salt}row ${i}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const t = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('T', ' ').replace('Z', '');
  return [
    id,
    `${h.slice(32, 40)}-0000-4000-8000-${h.slice(40, 52)}`,
    i % 7 === 0 ? null : '6c0f3459-f79b-47ae-afba-91fc803468b6',
    i % 11 === 0 ? 'Émile\tDupont' : 'Ada Lovelace',
    'demo.user1@example.org',
    'admin',
    'execute',
    `workflow-${i % 13}`,
    `{"ticket": "GOV-${i}", "environment": "staging"}`,
    i % 5 === 0 ? 'failure' : 'success',
    i % 5 === 0 ? 'line1\nline2 \\path' : null,
    `${i % 100}.${String(i % 1000).padStart(3, '0')}`,
    '[{"type": "repository", "location": "git://example.org/x", "description": "sources"}]',
    '["Read-only access", "No customer data"]',
    'Ship the change safely',
    '["Reviewed by a human", "No errors in logs"]',
    h,
    t,
  ];
}

export interface SyntheticLog {
  size: number;
  rowAt(index: number): RowValue[];
  tree: CachedLeafHashes;
  notes: string[];
}

/** A log of `size` synthetic rows, with a checkpoint at each of `sizes` (default: the whole log) signed by `signers`. */
export function syntheticLog(
  size: number,
  opts: { sizes?: number[]; signers?: Array<{ name: string; seed: Buffer }>; salt?: string } = {},
): SyntheticLog {
  const rowAt = (i: number) => syntheticRow(i, opts.salt);
  const leaves = Buffer.alloc(size * 32);
  for (let i = 0; i < size; i++) hashLeaf(canonicalRowBytes(rowAt(i))).copy(leaves, i * 32);
  const tree = new CachedLeafHashes(bufferLeafHashes(leaves));
  const signers = (opts.signers ?? [SEALER]).map((k) => ed25519NoteSigner(k.name, k.seed));
  const notes = (opts.sizes ?? [size]).map((n) =>
    signNote(formatCheckpoint({ origin: ORIGIN, size: n, rootHash: rootHash(tree, n) }), signers),
  );
  return { size, rowAt, tree, notes };
}

/** The bundle of the rows at `indexes` (ascending) of `log`, as one Buffer. */
export function bundleOf(log: SyntheticLog, indexes: readonly number[], extra: { verifier?: string } = {}): Buffer {
  return Buffer.concat([...bundleChunks(log, indexes, extra)]);
}

export function bundleChunks(log: SyntheticLog, indexes: Iterable<number>, extra: { verifier?: string } = {}): Generator<Buffer> {
  const rows = function* (): Generator<BundleRow> {
    for (const leafIndex of indexes) yield { leafIndex, values: log.rowAt(leafIndex) };
  };
  return writeBundle({
    table: AUDIT_LOGS_SEALED,
    notes: log.notes,
    keys: [vkeyOf(SEALER)],
    tree: log.tree,
    rows,
    selection: 'test selection',
    exportedAt: '2026-12-01T17:00:00.000Z',
    exportedBy: 'Test Operator <operator@example.test>',
    consoleVersion: '0.1.0',
    ...extra,
  });
}

/** 0..n−1 */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
