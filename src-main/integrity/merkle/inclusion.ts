/**
 * Inclusion proofs, RFC 9162 §2.1.3: the audit path of leaf `index` in the tree of the first
 * `size` leaves — the sibling subtree hashes on the way from the leaf to the root, bottom-up
 * (PATH(m, D[n]) of §2.1.3.1). Siblings may be imperfect right-edge subtrees, so a proof has
 * at most ceil(log2 size) hashes, sometimes fewer.
 */
import { Buffer } from 'node:buffer';
import { hashChildren, hashesEqual } from './hash';
import { MerkleProofError } from './errors';
import { subtreeHash } from './leaf-hashes';
import type { LeafHashes } from './leaf-hashes';
import { checkHash, checkHashList, checkIndex } from './proof-checks';
import { assertTreeIndex, half, isOdd, splitPoint } from './tree-math';

/** PATH(index, D[0:size]) from `source`; 0 ≤ index < size ≤ source.size. */
export function inclusionProof(source: LeafHashes, index: number, size: number): Uint8Array[] {
  assertTreeIndex(index, 'leaf index');
  assertTreeIndex(size, 'tree size');
  if (index >= size) throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  if (size > source.size) throw new RangeError(`tree size ${size} is beyond the ${source.size} leaves`);
  // Walk down from the root, noting the sibling of the side that holds the leaf; the path is
  // that list read bottom-up.
  const siblings: Array<[number, number]> = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      siblings.push([mid, hi]);
      hi = mid;
    } else {
      siblings.push([lo, mid]);
      lo = mid;
    }
  }
  return siblings.reverse().map(([b, e]) => subtreeHash(source, b, e));
}

/**
 * The root that `proof` leads to from `leafHash` at `index` in a tree of `size`, by the
 * verification algorithm of RFC 9162 §2.1.3.2. Throws MerkleProofError when the proof cannot be
 * an inclusion proof for that index and size (wrong length, bad hash sizes, index ≥ size).
 */
export function rootFromInclusionProof(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  checkIndex(index, 'leaf index');
  checkIndex(size, 'tree size');
  if (index >= size) throw new MerkleProofError(`leaf index ${index} is not in a tree of size ${size}`);
  checkHash(leafHash, 'leaf hash');
  checkHashList(proof, 'inclusion proof');
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) throw new MerkleProofError('inclusion proof is too long');
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // fn === sn with fn even: this is the right edge, where the tree skips levels that have
      // no right sibling; climb past them.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleProofError('inclusion proof is too short');
  return r;
}

/** Throws MerkleProofError unless `proof` shows `leafHash` at `index` in the tree of `size` with `root`. */
export function assertInclusion(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkHash(root, 'root');
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  if (!hashesEqual(computed, root)) throw new MerkleProofError('inclusion proof leads to a different root');
}

/** Whether `proof` shows `leafHash` at `index` in the tree of `size` with `root`; never throws. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    assertInclusion(index, size, leafHash, proof, root);
    return true;
  } catch (e) {
    if (e instanceof MerkleProofError) return false;
    throw e;
  }
}
