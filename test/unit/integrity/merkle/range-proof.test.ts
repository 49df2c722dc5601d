import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { inclusionProof } from '../../../../src-main/integrity/merkle/inclusion';
import { arrayLeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import type { LeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import {
  assertRangeProof,
  rangeProof,
  rangeProofSpans,
  rootFromRangeProof,
  verifyRangeProof,
} from '../../../../src-main/integrity/merkle/range-proof';
import { refMth, syntheticLeafHashes } from './reference';

const hex = (bs: Uint8Array[]): string[] => bs.map((b) => Buffer.from(b).toString('hex'));
const sorted = (bs: Uint8Array[]): string[] => hex(bs).sort();

describe('range proofs', () => {
  const h = syntheticLeafHashes(100);
  const source = arrayLeafHashes(h);

  it('has the documented layout (worked examples)', () => {
    // Size 7: [0,4) [4,6) [6,7). Run [2, 3): left = [0,2); right = [3,4) then [4,7) (imperfect).
    expect(rangeProofSpans(2, 3, 7)).toEqual({
      left: [[0, 2]],
      right: [
        [3, 4],
        [4, 7],
      ],
    });
    // Size 13, run [5, 10): left = [0,4) [4,5); right = [10,12) [12,13).
    expect(rangeProofSpans(5, 10, 13)).toEqual({
      left: [
        [0, 4],
        [4, 5],
      ],
      right: [
        [10, 12],
        [12, 13],
      ],
    });
    // Size 8, run [0, 1): right siblings bottom-up.
    expect(rangeProofSpans(0, 1, 8)).toEqual({
      left: [],
      right: [
        [1, 2],
        [2, 4],
        [4, 8],
      ],
    });
    // The whole tree needs nothing else.
    expect(rangeProofSpans(0, 100, 100)).toEqual({ left: [], right: [] });
    // Size 7, run [0, 1): the right edge [4, 7) is one (imperfect) subtree, not [4,6) + [6,7).
    expect(rangeProofSpans(0, 1, 7)).toEqual({
      left: [],
      right: [
        [1, 2],
        [2, 4],
        [4, 7],
      ],
    });
  });

  it('verifies every run of every tree up to 40 leaves, and holds exactly the documented subtrees', () => {
    // Subtree hashes from the literal definition, computed once per span; proofs are generated
    // from them, so this checks which subtrees a proof holds, and verification checks the rest.
    const N = 40;
    const mth = new Map<string, Buffer>();
    for (let x = 0; x < N; x++) for (let y = x + 1; y <= N; y++) mth.set(`${x}-${y}`, refMth(h.slice(x, y)));
    const memo: LeafHashes = { size: N, leafHash: (i) => h[i], subtreeHash: (x, y) => mth.get(`${x}-${y}`)! };
    for (let n = 1; n <= N; n++) {
      const root = mth.get(`0-${n}`)!;
      for (let b = 0; b < n; b++) {
        for (let e = b + 1; e <= n; e++) {
          const proof = rangeProof(memo, b, e, n);
          const spans = rangeProofSpans(b, e, n);
          expect(hex(proof.left)).toEqual(spans.left.map(([x, y]) => mth.get(`${x}-${y}`)!.toString('hex')));
          expect(hex(proof.right)).toEqual(spans.right.map(([x, y]) => mth.get(`${x}-${y}`)!.toString('hex')));
          expect(rootFromRangeProof(b, e, n, h.slice(b, e), proof).equals(root), `[${b}, ${e}) of ${n}`).toBe(true);
        }
      }
    }
    // And the same from plain leaf hashes, for a few trees.
    for (const [b, e, n] of [
      [0, 1, 1],
      [3, 9, 13],
      [12, 13, 13],
      [0, 40, 40],
      [17, 31, 37],
    ]) {
      expect(rootFromRangeProof(b, e, n, h.slice(b, e), rangeProof(source, b, e, n)).equals(mth.get(`0-${n}`)!)).toBe(true);
    }
  });

  it('uses the inclusion proof hashes for a one-leaf run (so it is minimal there)', () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m < n; m++) {
        const p = rangeProof(source, m, m + 1, n);
        expect(sorted([...p.left, ...p.right])).toEqual(sorted(inclusionProof(source, m, n)));
      }
    }
  });

  it('has the appender frontier at `begin` as its left side', () => {
    const a = new MerkleAppender();
    for (let b = 0; b < 60; b++) {
      expect(hex(rangeProof(source, b, b + 1, 60).left)).toEqual(hex(a.frontier()));
      a.appendLeafHash(h[b]);
    }
  });

  it('fails on any change to the run, the proof or the root', () => {
    const [b, e, n] = [5, 10, 13];
    const root = refMth(h.slice(0, n));
    const run = h.slice(b, e);
    const proof = rangeProof(source, b, e, n);
    expect(verifyRangeProof(b, e, n, run, proof, root)).toBe(true);
    const flip = (x: Uint8Array): Buffer => {
      const c = Buffer.from(x);
      c[7] ^= 0x10;
      return c;
    };
    for (let i = 0; i < run.length; i++) {
      expect(
        verifyRangeProof(
          b,
          e,
          n,
          run.map((x, j) => (j === i ? flip(x) : x)),
          proof,
          root,
        ),
      ).toBe(false);
    }
    for (const side of ['left', 'right'] as const) {
      for (let i = 0; i < proof[side].length; i++) {
        const bad = { ...proof, [side]: proof[side].map((x, j) => (j === i ? flip(x) : x)) };
        expect(verifyRangeProof(b, e, n, run, bad, root)).toBe(false);
      }
    }
    expect(verifyRangeProof(b, e, n, run, proof, flip(root))).toBe(false);
    expect(verifyRangeProof(b, e, n, run.slice(1), proof, root)).toBe(false);
    expect(verifyRangeProof(b + 1, e, n, run.slice(1), proof, root)).toBe(false);
    expect(verifyRangeProof(b, e, 2 * n, run, proof, root)).toBe(false);
    expect(verifyRangeProof(b, e, n, run, { left: proof.right, right: proof.left }, root)).toBe(false);
    expect(verifyRangeProof(b, e, n, run, { left: proof.left, right: [...proof.right, root] }, root)).toBe(false);
    expect(verifyRangeProof(b, e, n, run, null as never, root)).toBe(false);
    expect(() => assertRangeProof(b, e, n, run, { left: proof.left.slice(1), right: proof.right }, root)).toThrow(/left must have 2/);
  });

  it('does not pin the tree size by itself (neither does an inclusion proof): the size must come with the root', () => {
    // In trees of 13 and 14 leaves, [5, 10) has siblings of the same shape ([12,13) vs [12,14)),
    // so the size-13 proof also "verifies" as size 14 against the size-13 root. A signed
    // checkpoint binds the size to the root; verifiers must take both from it.
    const root13 = refMth(h.slice(0, 13));
    expect(verifyRangeProof(5, 10, 14, h.slice(5, 10), rangeProof(source, 5, 10, 13), root13)).toBe(true);
    expect(verifyRangeProof(5, 10, 14, h.slice(5, 10), rangeProof(source, 5, 10, 14), refMth(h.slice(0, 14)))).toBe(true);
  });

  it('refuses empty or out-of-tree runs', () => {
    expect(() => rangeProof(source, 3, 3, 10)).toThrow(RangeError);
    expect(() => rangeProof(source, 0, 11, 10)).toThrow(RangeError);
    expect(() => rangeProof(source, 0, 101, 101)).toThrow(RangeError);
    expect(verifyRangeProof(3, 3, 10, [], { left: [], right: [] }, refMth(h.slice(0, 10)))).toBe(false);
  });
});
