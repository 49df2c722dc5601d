/**
 * Consistency proofs, RFC 9162 §2.1.4: that the tree of the first `size1` leaves is a prefix
 * of the tree of the first `size2` leaves. The proof is PROOF(m, D[n]) of §2.1.4.1 (the nodes
 * SUBPROOF records, innermost first); when size1 is a power of two its own root is left out,
 * since the verifier holds it.
 *
 * Sizes: 0 < size1 ≤ size2. size1 = size2 needs an empty proof and equal roots. size1 = 0 is
 * refused: every tree extends the empty tree, so such a "proof" proves nothing (as in
 * transparency-dev/merkle since 2026-06, which also refuses it).
 */
import { Buffer } from 'node:buffer';
import { hashChildren, hashesEqual } from './hash';
import { MerkleProofError } from './errors';
import { subtreeHash } from './leaf-hashes';
import type { LeafHashes } from './leaf-hashes';
import { checkHash, checkHashList, checkIndex } from './proof-checks';
import { assertTreeIndex, half, isOdd, isPowerOfTwo, splitPoint } from './tree-math';

/** PROOF(size1, D[0:size2]) from `source`; 0 < size1 ≤ size2 ≤ source.size. */
export function consistencyProof(source: LeafHashes, size1: number, size2: number): Uint8Array[] {
  assertTreeIndex(size1, 'size1');
  assertTreeIndex(size2, 'size2');
  if (size1 === 0) throw new RangeError('a consistency proof from the empty tree proves nothing');
  if (size1 > size2) throw new RangeError(`size1 ${size1} is larger than size2 ${size2}`);
  if (size2 > source.size) throw new RangeError(`size2 ${size2} is beyond the ${source.size} leaves`);
  // SUBPROOF(m, D[lo:hi], b) unrolled: each step records one node and narrows to one side;
  // the proof is the recorded nodes read from the innermost out.
  const nodes: Array<[number, number]> = [];
  let lo = 0;
  let hi = size2;
  let haveRoot = true; // SUBPROOF's b: whether D[lo:lo+m] is the tree the verifier holds the root of
  for (;;) {
    const m = size1 - lo;
    if (m === hi - lo) {
      if (!haveRoot) nodes.push([lo, hi]);
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      nodes.push([lo + k, hi]);
      hi = lo + k;
    } else {
      nodes.push([lo, lo + k]);
      lo += k;
      haveRoot = false;
    }
  }
  return nodes.reverse().map(([b, e]) => subtreeHash(source, b, e));
}

/**
 * Checks `proof` against `root1` and returns the root of the size2 tree it leads to, by the
 * verification algorithm of RFC 9162 §2.1.4.2. Throws MerkleProofError on a bad shape or when
 * the proof does not lead back to `root1`.
 */
export function rootFromConsistencyProof(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array): Buffer {
  checkIndex(size1, 'size1');
  checkIndex(size2, 'size2');
  checkHash(root1, 'root1');
  checkHashList(proof, 'consistency proof');
  if (size1 > size2) throw new MerkleProofError(`size1 ${size1} is larger than size2 ${size2}`);
  if (size1 === 0) throw new MerkleProofError('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length !== 0) throw new MerkleProofError('equal sizes need an empty consistency proof');
    return Buffer.from(root1);
  }
  if (proof.length === 0) throw new MerkleProofError('consistency proof is empty');
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) throw new MerkleProofError('consistency proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleProofError('consistency proof is too short');
  if (!hashesEqual(fr, root1)) throw new MerkleProofError('consistency proof does not lead back to root1');
  return sr;
}

/** Throws MerkleProofError unless `proof` shows the size1 tree with root1 is a prefix of the size2 tree with root2. */
export function assertConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  checkHash(root2, 'root2');
  const computed = rootFromConsistencyProof(size1, size2, proof, root1);
  if (!hashesEqual(computed, root2)) throw new MerkleProofError('consistency proof leads to a different root2');
}

/** Whether `proof` shows the size1 tree with root1 is a prefix of the size2 tree with root2; never throws. */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  try {
    assertConsistency(size1, size2, proof, root1, root2);
    return true;
  } catch (e) {
    if (e instanceof MerkleProofError) return false;
    throw e;
  }
}
