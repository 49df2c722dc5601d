/**
 * Streaming Merkle tree builder (a "compact range" [0, size) — the tree's right-edge frontier):
 * leaf hashes go in one at a time and the root at the current size comes out, in O(log n)
 * memory. The frontier is the list of perfect subtrees that [0, size) splits into, one per set
 * bit of `size`, largest (leftmost) first; for size 7 = 4 + 2 + 1 that is MTH(D[0:4]),
 * MTH(D[4:6]), MTH(D[6:7]). The root is those hashes folded from the right:
 * h = last; for each earlier hash e (right to left): h = node(e, h) — exactly RFC 9162's MTH,
 * whose split point k is always the leftmost frontier subtree.
 *
 * The frontier at size b is also the `left` half of a range proof starting at leaf b
 * (see range-proof.ts), which is what lets a verifier resume from a stored state.
 */
import { Buffer } from 'node:buffer';
import { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf, hashesEqual } from './hash';
import { MerkleStateError } from './errors';
import { half, isOdd, isTreeIndex, popcount } from './tree-math';

/** The appender's state as plain data, e.g. to store as JSON. */
export interface AppenderState {
  /** Leaves appended so far. */
  size: number;
  /** The frontier: popcount(size) hashes as 64 lowercase hex digits, largest subtree first. */
  hashes: string[];
}

const HEX_HASH = /^[0-9a-f]{64}$/;

export class MerkleAppender {
  #size = 0;
  /** Frontier hashes, leftmost (largest subtree) first; entries are owned, never caller buffers. */
  #frontier: Buffer[] = [];

  /**
   * Resumes from exported state. Throws MerkleStateError when the state is malformed or, given
   * `expectedRoot`, when the state does not produce that root.
   */
  static fromState(state: AppenderState, expectedRoot?: Uint8Array): MerkleAppender {
    if (typeof state !== 'object' || state === null) throw new MerkleStateError('state must be an object');
    if (!isTreeIndex(state.size)) throw new MerkleStateError('state.size must be an integer in [0, 2^53)');
    if (!Array.isArray(state.hashes)) throw new MerkleStateError('state.hashes must be an array');
    const want = popcount(state.size);
    if (state.hashes.length !== want) {
      throw new MerkleStateError(`a tree of size ${state.size} has ${want} frontier hashes, state has ${state.hashes.length}`);
    }
    const appender = new MerkleAppender();
    for (const h of state.hashes) {
      if (typeof h !== 'string' || !HEX_HASH.test(h)) throw new MerkleStateError('frontier hashes must be 64 lowercase hex digits');
      appender.#frontier.push(Buffer.from(h, 'hex'));
    }
    appender.#size = state.size;
    if (expectedRoot !== undefined && !appender.matchesRoot(expectedRoot)) {
      throw new MerkleStateError('state does not match the expected root');
    }
    return appender;
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.#size;
  }

  /** Appends one leaf by its RFC 9162 leaf hash (32 bytes; copied, so the caller may reuse it). */
  appendLeafHash(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('leaf hash must be 32 bytes');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('tree size would exceed 2^53 - 1');
    // Each trailing one bit of the old size is a frontier subtree of the same height as the
    // subtree being carried up, so the two merge (binary increment with carries).
    let s = this.#size;
    if (!isOdd(s)) {
      this.#frontier.push(Buffer.from(leafHash));
    } else {
      let h = hashChildren(this.#frontier.pop()!, leafHash);
      s = half(s);
      while (isOdd(s)) {
        h = hashChildren(this.#frontier.pop()!, h);
        s = half(s);
      }
      this.#frontier.push(h);
    }
    this.#size++;
  }

  /** Appends one leaf by its data (hashed as an RFC 9162 leaf). */
  appendLeafData(data: Uint8Array): void {
    this.appendLeafHash(hashLeaf(data));
  }

  /** Appends leaf hashes stored back to back (length a multiple of 32), in order. */
  appendLeafHashes(concatenated: Uint8Array): void {
    if (concatenated.length % HASH_SIZE !== 0) throw new RangeError('concatenated leaf hashes must be a multiple of 32 bytes');
    for (let off = 0; off < concatenated.length; off += HASH_SIZE) {
      this.appendLeafHash(concatenated.subarray(off, off + HASH_SIZE));
    }
  }

  /** MTH of the leaves appended so far (EMPTY_ROOT when none). */
  root(): Buffer {
    const f = this.#frontier;
    if (f.length === 0) return Buffer.from(EMPTY_ROOT);
    let h = f[f.length - 1];
    for (let i = f.length - 2; i >= 0; i--) h = hashChildren(f[i], h);
    return h === f[f.length - 1] ? Buffer.from(h) : h;
  }

  matchesRoot(root: Uint8Array): boolean {
    return hashesEqual(this.root(), root);
  }

  /** Copies of the frontier hashes, largest subtree first. */
  frontier(): Buffer[] {
    return this.#frontier.map((h) => Buffer.from(h));
  }

  exportState(): AppenderState {
    return { size: this.#size, hashes: this.#frontier.map((h) => h.toString('hex')) };
  }

  /** An independent copy (e.g. to take the root at one size while continuing to append). */
  clone(): MerkleAppender {
    const copy = new MerkleAppender();
    copy.#size = this.#size;
    copy.#frontier = this.frontier();
    return copy;
  }
}
