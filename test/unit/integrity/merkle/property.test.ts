import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { consistencyProof, verifyConsistency } from '../../../../src-main/integrity/merkle/consistency';
import { inclusionProof, verifyInclusion } from '../../../../src-main/integrity/merkle/inclusion';
import { CachedLeafHashes } from '../../../../src-main/integrity/merkle/cached-leaf-hashes';
import { arrayLeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import { refMth, syntheticLeafHashes } from './reference';

// Deterministic pseudo-random choices, so a failure reproduces (xorshift32).
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

function flip(h: Uint8Array, bit: number): Buffer {
  const c = Buffer.from(h);
  c[bit >> 3] ^= 1 << (bit & 7);
  return c;
}

const MAX = 300;
const h = syntheticLeafHashes(MAX, 'prop');
// Cached so that generating thousands of proofs stays cheap; the uncached path is checked against the
// literal RFC definitions in inclusion.test.ts and consistency.test.ts.
const source = new CachedLeafHashes(arrayLeafHashes(h), { minCachedHeight: 2 });
const roots = [Buffer.alloc(0), ...Array.from({ length: MAX }, (_, i) => refMth(h.slice(0, i + 1)))];
const rand = rng(0x5eed);
const sizes = [1, 2, 3, 7, 8, 9, 255, 256, 257, MAX, ...Array.from({ length: 8 }, () => 1 + rand(MAX))];

/**
 * The bits to flip in one hash: all 256 for a sample of proofs (`every`), else one random
 * bit — flipping all bits of all proofs of a 300-leaf tree would be ~6M hash calls per size,
 * and whether a changed hash is caught does not depend on which bit changed.
 */
function bits(every: boolean): number[] {
  return every ? Array.from({ length: 256 }, (_, i) => i) : [rand(256)];
}

describe('proof properties for random tree sizes up to 300', () => {
  it.each(sizes)('every inclusion proof in a tree of %i verifies; a flipped bit of proof, leaf or root fails', (n) => {
    const accepted: string[] = [];
    for (let m = 0; m < n; m++) {
      const proof = inclusionProof(source, m, n);
      expect(verifyInclusion(m, n, h[m], proof, roots[n])).toBe(true);
      const every = m % 101 === 0 || m === n - 1;
      for (let i = 0; i < proof.length; i++) {
        for (const bit of bits(every)) {
          const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
          if (verifyInclusion(m, n, h[m], bad, roots[n])) accepted.push(`${m}: proof[${i}] bit ${bit}`);
        }
      }
      for (const bit of bits(every)) {
        if (verifyInclusion(m, n, h[m], proof, flip(roots[n], bit))) accepted.push(`${m}: root bit ${bit}`);
        if (verifyInclusion(m, n, flip(h[m], bit), proof, roots[n])) accepted.push(`${m}: leaf bit ${bit}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it.each(sizes)('every consistency proof into a tree of %i verifies; a flipped bit of proof or roots fails', (n) => {
    const accepted: string[] = [];
    for (let m = 1; m <= n; m++) {
      const proof = consistencyProof(source, m, n);
      expect(verifyConsistency(m, n, proof, roots[m], roots[n])).toBe(true);
      const every = m % 101 === 0 || m === n;
      for (let i = 0; i < proof.length; i++) {
        for (const bit of bits(every)) {
          const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
          if (verifyConsistency(m, n, bad, roots[m], roots[n])) accepted.push(`${m}: proof[${i}] bit ${bit}`);
        }
      }
      for (const bit of bits(every)) {
        if (verifyConsistency(m, n, proof, flip(roots[m], bit), roots[n])) accepted.push(`${m}: root1 bit ${bit}`);
        if (verifyConsistency(m, n, proof, roots[m], flip(roots[n], bit))) accepted.push(`${m}: root2 bit ${bit}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects an inclusion proof checked at another index of the same tree', () => {
    for (let k = 0; k < 300; k++) {
      const n = 2 + rand(MAX - 1);
      const m = rand(n);
      const other = rand(n);
      if (other !== m) expect(verifyInclusion(other, n, h[m], inclusionProof(source, m, n), roots[n])).toBe(false);
    }
  });
});
