/**
 * Range proofs: a verifier that holds the leaf hashes of a contiguous run [begin, end) of the
 * tree of size n (0 ≤ begin < end ≤ n) recomputes the root from them and the fewest other
 * subtree hashes — the maximal subtrees of the tree that do not touch the run. (Like the
 * compact-range proofs of transparency-dev/merkle, but the right side uses RFC 9162's own
 * possibly-imperfect right-edge subtree, so the layout is this module's own.)
 *
 * Layout. Both lists are in left-to-right leaf order; every entry is MTH(D[x:y]) of its span:
 *
 * - `left`: the perfect subtrees [0, begin) splits into, one per set bit of begin, largest
 *   first. With begin = 2^a1 + 2^a2 + … (a1 > a2 > …), left[i] spans [s_i, s_i + 2^a_i) where
 *   s_1 = 0 and s_{i+1} = s_i + 2^a_i. Empty when begin = 0. These are the left siblings of the
 *   path from leaf `begin` to the root, and equal MerkleAppender's frontier at size begin.
 * - `right`: the right siblings of the path from leaf end − 1 to the root, bottom-up (which is
 *   also left to right, smallest first). Walk down from [lo, hi) = [0, n): while hi − lo > 1,
 *   k = the largest power of two < hi − lo; if end − 1 < lo + k, record [lo + k, hi) and set
 *   hi = lo + k, else set lo = lo + k; `right` is the records in reverse. Empty when end = n.
 *   All are perfect except possibly the last, which may be the imperfect subtree ending at n.
 *
 * Verification: with the three lists consumed in order, root = NODE(0, n) where
 *   NODE(lo, hi) = next `left` hash          if hi ≤ begin
 *                = next `right` hash         if lo ≥ end
 *                = leaf hash lo − begin      if hi − lo = 1
 *                = SHA-256(0x01 ‖ NODE(lo, lo + k) ‖ NODE(lo + k, hi)), k = largest power of two < hi − lo
 * after checking that `left` has exactly popcount(begin) entries, `right` exactly as many as
 * the walk records and the run exactly end − begin leaf hashes, all 32 bytes. For a run of one
 * leaf the two lists hold the same hashes as the RFC 9162 inclusion proof, in another order.
 */
import { Buffer } from 'node:buffer';
import { hashChildren, hashesEqual } from './hash';
import { MerkleProofError } from './errors';
import { subtreeHash } from './leaf-hashes';
import type { LeafHashes } from './leaf-hashes';
import { checkHash, checkHashList, checkIndex } from './proof-checks';
import { assertTreeIndex, splitPoint } from './tree-math';

export interface RangeProof {
  left: Uint8Array[];
  right: Uint8Array[];
}

/** A subtree as its leaf span [begin, end). */
export type Span = readonly [begin: number, end: number];

/** Which subtrees a range proof holds, in proof order (to fetch them from storage, say). */
export function rangeProofSpans(begin: number, end: number, size: number): { left: Span[]; right: Span[] } {
  const left: Span[] = [];
  const right: Span[] = [];
  let lo = 0;
  let hi = size;
  // Left siblings of the path to leaf `begin`, top-down = largest first = left to right.
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (begin < mid) hi = mid;
    else {
      left.push([lo, mid]);
      lo = mid;
    }
  }
  lo = 0;
  hi = size;
  // Right siblings of the path to leaf end − 1, top-down; reversed below.
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (end - 1 < mid) {
      right.push([mid, hi]);
      hi = mid;
    } else lo = mid;
  }
  return { left, right: right.reverse() };
}

/** The range proof for leaves [begin, end) of the tree of the first `size` leaves of `source`. */
export function rangeProof(source: LeafHashes, begin: number, end: number, size: number): RangeProof {
  assertTreeIndex(begin, 'begin');
  assertTreeIndex(end, 'end');
  assertTreeIndex(size, 'tree size');
  if (!(begin < end && end <= size)) throw new RangeError(`range [${begin}, ${end}) is empty or not in a tree of size ${size}`);
  if (size > source.size) throw new RangeError(`tree size ${size} is beyond the ${source.size} leaves`);
  const spans = rangeProofSpans(begin, end, size);
  return {
    left: spans.left.map(([b, e]) => subtreeHash(source, b, e)),
    right: spans.right.map(([b, e]) => subtreeHash(source, b, e)),
  };
}

/**
 * The root that the run's leaf hashes and `proof` lead to. Throws MerkleProofError when the
 * proof's shape does not fit [begin, end) in a tree of `size`.
 */
export function rootFromRangeProof(begin: number, end: number, size: number, leafHashes: readonly Uint8Array[], proof: RangeProof): Buffer {
  checkIndex(begin, 'begin');
  checkIndex(end, 'end');
  checkIndex(size, 'tree size');
  if (!(begin < end && end <= size)) throw new MerkleProofError(`range [${begin}, ${end}) is empty or not in a tree of size ${size}`);
  checkHashList(leafHashes, 'leaf hashes');
  if (leafHashes.length !== end - begin) throw new MerkleProofError(`range [${begin}, ${end}) needs ${end - begin} leaf hashes`);
  if (typeof proof !== 'object' || proof === null) throw new MerkleProofError('range proof must be an object');
  checkHashList(proof.left, 'range proof left');
  checkHashList(proof.right, 'range proof right');
  const spans = rangeProofSpans(begin, end, size);
  if (proof.left.length !== spans.left.length) throw new MerkleProofError(`range proof left must have ${spans.left.length} hashes`);
  if (proof.right.length !== spans.right.length) throw new MerkleProofError(`range proof right must have ${spans.right.length} hashes`);

  let li = 0;
  let ri = 0;
  // Recursion depth is the tree height (≤ 53); the shape checks above guarantee each list has
  // exactly the entries the traversal asks for.
  const node = (lo: number, hi: number): Uint8Array => {
    if (hi <= begin) return proof.left[li++];
    if (lo >= end) return proof.right[ri++];
    if (hi - lo === 1) return leafHashes[lo - begin];
    const mid = lo + splitPoint(hi - lo);
    return hashChildren(node(lo, mid), node(mid, hi));
  };
  const root = node(0, size);
  if (li !== proof.left.length || ri !== proof.right.length) throw new MerkleProofError('range proof has unused hashes');
  return Buffer.from(root); // a copy: for a one-leaf tree the root is the caller's leaf hash
}

/** Throws MerkleProofError unless the run's leaf hashes and `proof` lead to `root`. */
export function assertRangeProof(
  begin: number,
  end: number,
  size: number,
  leafHashes: readonly Uint8Array[],
  proof: RangeProof,
  root: Uint8Array,
): void {
  checkHash(root, 'root');
  if (!hashesEqual(rootFromRangeProof(begin, end, size, leafHashes, proof), root)) {
    throw new MerkleProofError('range proof leads to a different root');
  }
}

/** Whether the run's leaf hashes and `proof` lead to `root`; never throws on bad input. */
export function verifyRangeProof(
  begin: number,
  end: number,
  size: number,
  leafHashes: readonly Uint8Array[],
  proof: RangeProof,
  root: Uint8Array,
): boolean {
  try {
    assertRangeProof(begin, end, size, leafHashes, proof, root);
    return true;
  } catch (e) {
    if (e instanceof MerkleProofError) return false;
    throw e;
  }
}
