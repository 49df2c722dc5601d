/**
 * Where proof generation gets its hashes from. A caller that only has leaf hashes implements
 * `leafHash`; one that has stored interior nodes can also implement `subtreeHash` so that a
 * proof costs O(log n) look-ups instead of rehashing the leaves (see CachedLeafHashes for a
 * memoising wrapper).
 */
import { Buffer } from 'node:buffer';
import { MerkleAppender } from './appender';
import { EMPTY_ROOT, HASH_SIZE } from './hash';
import { assertTreeIndex } from './tree-math';

export interface LeafHashes {
  /** Number of leaves available; proofs can be made for any tree size up to this. */
  readonly size: number;
  /** The RFC 9162 leaf hash of leaf `index` (0 ≤ index < size), 32 bytes. */
  leafHash(index: number): Uint8Array;
  /**
   * Optional: MTH(D[begin:end]) (RFC 9162 §2.1.1 over leaves begin … end − 1), 0 ≤ begin < end ≤ size.
   * Proofs only ask for subtrees of the tree, i.e. begin is a multiple of the smallest power of
   * two ≥ end − begin. Must return exactly what hashing the leaves would.
   */
  subtreeHash?(begin: number, end: number): Uint8Array;
}

/** Leaf hashes stored back to back in one buffer (32 bytes each); leafHash returns views, not copies. */
export function bufferLeafHashes(concatenated: Uint8Array): LeafHashes {
  if (concatenated.length % HASH_SIZE !== 0) throw new RangeError('concatenated leaf hashes must be a multiple of 32 bytes');
  const size = concatenated.length / HASH_SIZE;
  return {
    size,
    leafHash(index: number): Uint8Array {
      checkLeafIndex(index, size);
      return concatenated.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
    },
  };
}

/** Leaf hashes held in an array. */
export function arrayLeafHashes(hashes: readonly Uint8Array[]): LeafHashes {
  for (const h of hashes) if (h.length !== HASH_SIZE) throw new RangeError('leaf hashes must be 32 bytes');
  return {
    size: hashes.length,
    leafHash(index: number): Uint8Array {
      checkLeafIndex(index, hashes.length);
      return hashes[index];
    },
  };
}

function checkLeafIndex(index: number, size: number): void {
  assertTreeIndex(index, 'leaf index');
  if (index >= size) throw new RangeError(`leaf index ${index} is beyond the ${size} leaves`);
}

/** MTH(D[begin:end]) from `source`, using its subtreeHash when it has one. */
export function subtreeHash(source: LeafHashes, begin: number, end: number): Uint8Array {
  assertTreeIndex(begin, 'begin');
  assertTreeIndex(end, 'end');
  if (!(begin < end && end <= source.size)) throw new RangeError(`subtree [${begin}, ${end}) is empty or beyond the ${source.size} leaves`);
  if (end - begin === 1) return source.leafHash(begin);
  if (source.subtreeHash) {
    const h = source.subtreeHash(begin, end);
    if (h.length !== HASH_SIZE) throw new RangeError('subtreeHash must return 32 bytes');
    return h;
  }
  return hashLeafRange(source, begin, end);
}

/** MTH(D[begin:end]) hashed from the leaves (ignores any subtreeHash), O(log n) memory. */
export function hashLeafRange(source: LeafHashes, begin: number, end: number): Buffer {
  // MTH of a list depends only on the list, so an appender fed leaves begin … end−1 gives it
  // whether or not `begin` is aligned in the big tree.
  const appender = new MerkleAppender();
  for (let i = begin; i < end; i++) appender.appendLeafHash(source.leafHash(i));
  return appender.root();
}

/** The root hash of the tree made of the first `size` leaves of `source` (EMPTY_ROOT for 0). */
export function rootHash(source: LeafHashes, size: number): Uint8Array {
  assertTreeIndex(size, 'tree size');
  if (size > source.size) throw new RangeError(`tree size ${size} is beyond the ${source.size} leaves`);
  return size === 0 ? Buffer.from(EMPTY_ROOT) : subtreeHash(source, 0, size);
}
