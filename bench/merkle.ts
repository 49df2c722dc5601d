/**
 * Micro-benchmark of the RFC 9162 Merkle tree code (src-main/integrity/merkle), no I/O:
 * - the floors: N + (N − 1) one-shot `crypto.hash` calls on 65-byte inputs (the same number of
 *   SHA-256 calls a tree of N leaves needs, through the same API), the same calls through
 *   sha256Bytes (what the tree code uses), and one SHA-256 over as many bytes as those calls
 *   hash (the compression function alone, no per-call cost);
 * - MerkleAppender over N leaves (data, and precomputed leaf hashes in one buffer);
 * - proofs from N leaf hashes in a Buffer through CachedLeafHashes: the first one (which hashes
 *   the whole tree once), then warm ones, and their verification.
 *
 * Run: npx tsx bench/merkle.ts [leaves]   (default 1,000,000; prints figures, asserts nothing)
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { MerkleAppender } from '../src-main/integrity/merkle/appender';
import { CachedLeafHashes } from '../src-main/integrity/merkle/cached-leaf-hashes';
import { consistencyProof, verifyConsistency } from '../src-main/integrity/merkle/consistency';
import { inclusionProof, verifyInclusion } from '../src-main/integrity/merkle/inclusion';
import { sha256Bytes } from '../src-main/integrity/merkle/hash';
import { bufferLeafHashes, rootHash } from '../src-main/integrity/merkle/leaf-hashes';
import { rangeProof, verifyRangeProof } from '../src-main/integrity/merkle/range-proof';

const N = Number(process.argv[2] ?? 1_000_000);
const LEAF_BYTES = 64;

function best(runs: number, fn: () => void): number {
  let bestMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

const rate = (count: number, ms: number): string =>
  Math.round((count / ms) * 1000)
    .toLocaleString('en-US')
    .padStart(12);
function line(label: string, count: number, unit: string, ms: number, floorMs?: number): void {
  const vs = floorMs === undefined ? '' : `   ${(ms / floorMs).toFixed(2)}× the crypto.hash floor`;
  console.log(`${label.padEnd(52)} ${rate(count, ms)} ${unit}/s  (${ms.toFixed(0)} ms)${vs}`);
}

console.log(`node ${process.version}, ${N.toLocaleString('en-US')} leaves of ${LEAF_BYTES} bytes\n`);
const data = crypto.randomBytes(N * LEAF_BYTES);
const leaves = Array.from({ length: N }, (_, i) => data.subarray(i * LEAF_BYTES, (i + 1) * LEAF_BYTES));

// Floors. Leaf calls hash 1 + 64 bytes, node calls 1 + 32 + 32: 65 bytes each.
const scratch = Buffer.alloc(65);
const calls = 2 * N - 1;
const floorMs = best(3, () => {
  for (let i = 0; i < calls; i++) crypto.hash('sha256', scratch, 'buffer');
});
line('floor: 2N−1 crypto.hash calls on 65 bytes', N, 'leaves', floorMs);
// What the tree code calls (merkle/hash.ts): the digest as latin1 text copied into a pooled Buffer.
line(
  'the same calls through sha256Bytes',
  N,
  'leaves',
  best(3, () => {
    for (let i = 0; i < calls; i++) sha256Bytes(scratch);
  }),
  floorMs,
);
const bulk = Buffer.alloc(calls * 65);
const bulkMs = best(3, () => crypto.hash('sha256', bulk, 'buffer'));
line('floor: SHA-256 over the same bytes in one call', N, 'leaves', bulkMs);
console.log(`  (per-call overhead of node:crypto is ${(100 * (1 - bulkMs / floorMs)).toFixed(0)} % of the crypto.hash floor)\n`);

let root: Buffer = Buffer.alloc(0);
line(
  'appender: leaf data → root',
  N,
  'leaves',
  best(3, () => {
    const a = new MerkleAppender();
    for (const l of leaves) a.appendLeafData(l);
    root = a.root();
  }),
  floorMs,
);

// Leaf hashes for the next runs: SHA-256(0x00 ‖ data), computed outside the code under test.
const hashes = Buffer.alloc(N * 32);
leaves.forEach((l, i) =>
  crypto
    .createHash('sha256')
    .update(Buffer.of(0))
    .update(l)
    .digest()
    .copy(hashes, i * 32),
);
line(
  'appender: leaf hashes (one buffer) → root',
  N,
  'leaves',
  best(3, () => {
    const a = new MerkleAppender();
    a.appendLeafHashes(hashes);
    if (!a.root().equals(root)) throw new Error('roots differ');
  }),
  best(3, () => {
    for (let i = 0; i < N - 1; i++) crypto.hash('sha256', scratch, 'buffer');
  }),
);
console.log('  (compared with the floor for the N − 1 node hashes only)\n');

const source = new CachedLeafHashes(bufferLeafHashes(hashes));
let t0 = performance.now();
const first = inclusionProof(source, 0, N);
line('first inclusion proof (hashes the tree once)', 1, 'proofs', performance.now() - t0);
console.log(`  (${source.cachedCount.toLocaleString('en-US')} subtree hashes cached)`);
t0 = performance.now();
if (!Buffer.from(rootHash(source, N)).equals(root)) throw new Error('root from cache differs');
line('root from the warm cache', 1, 'roots', performance.now() - t0);

const rand = (n: number) => crypto.randomInt(n);
const PROOFS = 2000;
const idx = Array.from({ length: PROOFS }, () => rand(N));
let proofs: Uint8Array[][] = [];
line(
  'warm inclusion proofs',
  PROOFS,
  'proofs',
  best(3, () => {
    proofs = idx.map((i) => inclusionProof(source, i, N));
  }),
);
line(
  'inclusion proof verification',
  PROOFS,
  'proofs',
  best(3, () => {
    idx.forEach((i, k) => {
      if (!verifyInclusion(i, N, hashes.subarray(i * 32, i * 32 + 32), proofs[k], root)) throw new Error('inclusion failed');
    });
  }),
);
if (!verifyInclusion(0, N, hashes.subarray(0, 32), first, root)) throw new Error('first proof failed');

const size1 = Array.from({ length: PROOFS }, () => 1 + rand(N));
const roots1 = size1.map((s) => rootHash(source, s));
let cproofs: Uint8Array[][] = [];
line(
  'warm consistency proofs (random size1 → N)',
  PROOFS,
  'proofs',
  best(3, () => {
    cproofs = size1.map((s) => consistencyProof(source, s, N));
  }),
);
line(
  'consistency proof verification',
  PROOFS,
  'proofs',
  best(3, () => {
    size1.forEach((s, k) => {
      if (!verifyConsistency(s, N, cproofs[k], roots1[k], root)) throw new Error('consistency failed');
    });
  }),
);

const RUN = 1000;
const begin = rand(N - RUN);
const run = Array.from({ length: RUN }, (_, i) => hashes.subarray((begin + i) * 32, (begin + i + 1) * 32));
const rp = rangeProof(source, begin, begin + RUN, N);
line(
  `range proof verification (${RUN} leaves)`,
  RUN,
  'leaves',
  best(3, () => {
    if (!verifyRangeProof(begin, begin + RUN, N, run, rp, root)) throw new Error('range failed');
  }),
);
console.log(`  (${rp.left.length} + ${rp.right.length} proof hashes)`);
