import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { CachedLeafHashes } from '../../../../src-main/integrity/merkle/cached-leaf-hashes';
import { consistencyProof, verifyConsistency } from '../../../../src-main/integrity/merkle/consistency';
import { hashChildren } from '../../../../src-main/integrity/merkle/hash';
import { inclusionProof, verifyInclusion } from '../../../../src-main/integrity/merkle/inclusion';
import { bufferLeafHashes, rootHash } from '../../../../src-main/integrity/merkle/leaf-hashes';
import type { LeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import { rangeProof, verifyRangeProof } from '../../../../src-main/integrity/merkle/range-proof';

// Hashing a million leaves takes seconds on a loaded machine: more than vitest's default 5 s.
describe('a million leaf hashes in one Buffer', { timeout: 60_000 }, () => {
  const N = 1_000_000;
  const hashes = crypto.randomBytes(N * 32);
  const leaf = (i: number): Buffer => hashes.subarray(i * 32, (i + 1) * 32);
  let root: Buffer;

  it('roots through the appender (leaves/s printed)', () => {
    const t0 = performance.now();
    const a = new MerkleAppender();
    a.appendLeafHashes(hashes);
    root = a.root();
    const ms = performance.now() - t0;
    const perSecond = Math.round((N / ms) * 1000).toLocaleString('en-US');
    console.log(`MerkleAppender: ${N.toLocaleString('en-US')} leaf hashes in ${ms.toFixed(0)} ms = ${perSecond} leaves/s`);
  });

  it('gives proofs through CachedLeafHashes without building the tree', () => {
    const source = new CachedLeafHashes(bufferLeafHashes(hashes));
    expect(Buffer.from(rootHash(source, N)).equals(root)).toBe(true);
    // Only subtrees of 256+ leaves are kept: about 2N/256, not the 2N nodes of the tree.
    expect(source.cachedCount).toBeLessThan((2 * N) / 256);
    for (const i of [0, 1, 499_999, 524_288, 999_999, ...Array.from({ length: 50 }, () => crypto.randomInt(N))]) {
      expect(verifyInclusion(i, N, leaf(i), inclusionProof(source, i, N), root), `leaf ${i}`).toBe(true);
    }
    const a = new MerkleAppender();
    a.appendLeafHashes(hashes.subarray(0, 777_777 * 32));
    expect(verifyConsistency(777_777, N, consistencyProof(source, 777_777, N), a.root(), root)).toBe(true);
    const run = Array.from({ length: 300 }, (_, k) => leaf(600_000 + k));
    expect(verifyRangeProof(600_000, 600_300, N, run, rangeProof(source, 600_000, 600_300, N), root)).toBe(true);
  });
});

/**
 * A real RFC 9162 tree far too big to hash leaf by leaf: every leaf has the same hash except
 * the `marked` ones. A subtree without marked leaves has a hash that depends only on its width,
 * so it is computed once per width; only the few subtrees holding marked leaves are hashed
 * from their parts. Proofs over it must verify at sizes where 32-bit arithmetic would break.
 */
function sparseTree(size: number, marked: readonly number[]): LeafHashes & { subtreeHash(b: number, e: number): Buffer } {
  const plain = crypto.hash('sha256', 'plain leaf', 'buffer');
  const markedHash = (i: number): Buffer => crypto.hash('sha256', `marked leaf ${i}`, 'buffer');
  const split = (len: number): number => {
    let k = 1;
    while (k * 2 < len) k *= 2;
    return k;
  };
  const uniform = new Map<number, Buffer>([[1, plain]]);
  const plainMth = (len: number): Buffer => {
    let h = uniform.get(len);
    if (h === undefined) {
      const k = split(len);
      h = hashChildren(plainMth(k), plainMth(len - k));
      uniform.set(len, h);
    }
    return h;
  };
  const subtreeHash = (b: number, e: number): Buffer => {
    if (!marked.some((i) => b <= i && i < e)) return plainMth(e - b);
    if (e - b === 1) return markedHash(b);
    const k = split(e - b);
    return hashChildren(subtreeHash(b, b + k), subtreeHash(b + k, e));
  };
  return { size, leafHash: (i) => subtreeHash(i, i + 1), subtreeHash };
}

describe('sparse trees of up to 2^53 − 1 leaves', () => {
  const sizes = [2 ** 31 + 1, 2 ** 32 + 3, 1e9, 1e12 + 7, 2 ** 40, Number.MAX_SAFE_INTEGER];
  it.each(sizes)('proves inclusion, consistency and ranges in a tree of %d leaves', (n) => {
    const leaves = [0, 1, 2 ** 31, n - 2 ** 20, n - 2, n - 1, Math.floor(n / 3)].filter((i) => i < n);
    const sizes1 = [1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, Math.floor(n / 2) + 1, n - 1].filter((m) => m < n);
    const b = n - 1000;
    const t = sparseTree(n, [...leaves, ...sizes1.map((m) => m - 1), ...Array.from({ length: 10 }, (_, k) => b + k)]);
    const root = rootHash(t, n);
    for (const i of leaves) {
      const proof = inclusionProof(t, i, n);
      expect(proof.length).toBeLessThanOrEqual(53);
      expect(verifyInclusion(i, n, t.leafHash(i), proof, root), `leaf ${i}`).toBe(true);
      expect(verifyInclusion(i, n, t.leafHash(i), proof.slice(1), root)).toBe(false);
      if (i > 0) expect(verifyInclusion(i - 1, n, t.leafHash(i), proof, root)).toBe(false);
    }
    for (const m of sizes1) {
      const proof = consistencyProof(t, m, n);
      expect(verifyConsistency(m, n, proof, rootHash(t, m), root), `from ${m}`).toBe(true);
      expect(verifyConsistency(m, n, proof, rootHash(t, m + 1), root)).toBe(false);
    }
    const run = Array.from({ length: 10 }, (_, k) => t.leafHash(b + k));
    expect(verifyRangeProof(b, b + 10, n, run, rangeProof(t, b, b + 10, n), root)).toBe(true);
  });
});
