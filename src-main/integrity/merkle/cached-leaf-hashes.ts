/**
 * A LeafHashes wrapper that memoises perfect subtree hashes, so that after the first proof over
 * a big tree the next ones cost O(log n · 2^minCachedHeight) hashes instead of O(n).
 *
 * Only aligned perfect subtrees (2^h leaves starting at a multiple of 2^h) of height ≥
 * minCachedHeight are kept: they never change as leaves are appended, and keeping only the
 * taller ones bounds memory to about 2·size / 2^minCachedHeight hashes (≈ 8k for a million
 * leaves at the default height 8). Imperfect subtrees (the right edge) are recombined from
 * cached parts on each request: at most log n hashes.
 */
import { hashChildren } from './hash';
import { hashLeafRange, subtreeHash as sourceSubtreeHash } from './leaf-hashes';
import type { LeafHashes } from './leaf-hashes';
import { assertTreeIndex, isPowerOfTwo, splitPoint } from './tree-math';

export interface CachedLeafHashesOptions {
  /** Smallest subtree height kept (default 8, i.e. 256 leaves). */
  minCachedHeight?: number;
}

export class CachedLeafHashes implements LeafHashes {
  readonly #source: LeafHashes;
  readonly #minLeaves: number;
  /** Keyed by subtree width (2^height), then by the subtree's index at that height (begin / width). */
  readonly #cache = new Map<number, Map<number, Uint8Array>>();
  #cached = 0;

  constructor(source: LeafHashes, options: CachedLeafHashesOptions = {}) {
    const minHeight = options.minCachedHeight ?? 8;
    if (!Number.isInteger(minHeight) || minHeight < 1 || minHeight > 52) throw new RangeError('minCachedHeight must be in [1, 52]');
    this.#source = source;
    this.#minLeaves = 2 ** minHeight;
  }

  get size(): number {
    return this.#source.size;
  }

  /** How many subtree hashes are held. */
  get cachedCount(): number {
    return this.#cached;
  }

  leafHash(index: number): Uint8Array {
    return this.#source.leafHash(index);
  }

  subtreeHash(begin: number, end: number): Uint8Array {
    assertTreeIndex(begin, 'begin');
    assertTreeIndex(end, 'end');
    if (!(begin < end && end <= this.size)) throw new RangeError(`subtree [${begin}, ${end}) is empty or beyond the ${this.size} leaves`);
    return this.#mth(begin, end);
  }

  // MTH(D[begin:end]) = node(MTH(D[begin:begin+k]), MTH(D[begin+k:end])) for any list, so the
  // recursion is always right; alignment only decides what can be cached. Depth ≤ log2(n).
  #mth(begin: number, end: number): Uint8Array {
    const len = end - begin;
    if (len === 1) return this.#source.leafHash(begin);
    if (isPowerOfTwo(len)) return this.#perfect(begin, len);
    const k = splitPoint(len);
    return hashChildren(this.#perfect(begin, k), this.#mth(begin + k, end));
  }

  #perfect(begin: number, len: number): Uint8Array {
    if (len === 1) return this.#source.leafHash(begin);
    if (len < this.#minLeaves || begin % len !== 0) {
      if (len < this.#minLeaves) {
        const end = begin + len;
        return this.#source.subtreeHash ? sourceSubtreeHash(this.#source, begin, end) : hashLeafRange(this.#source, begin, end);
      }
      return hashChildren(this.#perfect(begin, len / 2), this.#perfect(begin + len / 2, len / 2));
    }
    let level = this.#cache.get(len);
    if (level === undefined) {
      level = new Map();
      this.#cache.set(len, level);
    }
    const index = begin / len;
    let h = level.get(index);
    if (h === undefined) {
      h = hashChildren(this.#perfect(begin, len / 2), this.#perfect(begin + len / 2, len / 2));
      level.set(index, h);
      this.#cached++;
    }
    return h;
  }
}
