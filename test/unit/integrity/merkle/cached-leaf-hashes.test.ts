import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CachedLeafHashes } from '../../../../src-main/integrity/merkle/cached-leaf-hashes';
import { EMPTY_ROOT } from '../../../../src-main/integrity/merkle/hash';
import { arrayLeafHashes, bufferLeafHashes, rootHash, subtreeHash } from '../../../../src-main/integrity/merkle/leaf-hashes';
import type { LeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import { refMth, syntheticLeafHashes } from './reference';

describe('LeafHashes sources', () => {
  const h = syntheticLeafHashes(70);

  it('give MTH(D[b:e]) for every span, aligned or not, cached or not', () => {
    const source: LeafHashes = { size: h.length, leafHash: (i) => h[i] };
    const sources = [
      arrayLeafHashes(h),
      bufferLeafHashes(Buffer.concat(h)),
      new CachedLeafHashes(source, { minCachedHeight: 1 }),
      new CachedLeafHashes(source, { minCachedHeight: 3 }),
    ];
    for (let b = 0; b < h.length; b++) {
      for (let e = b + 1; e <= h.length; e++) {
        const want = refMth(h.slice(b, e)).toString('hex');
        for (const s of sources) expect(Buffer.from(subtreeHash(s, b, e)).toString('hex'), `[${b}, ${e})`).toBe(want);
      }
    }
  });

  it('reads each leaf about once when cached, however many times subtrees are asked for', () => {
    let reads = 0;
    const source: LeafHashes = { size: h.length, leafHash: (i) => (reads++, h[i]) };
    const cached = new CachedLeafHashes(source, { minCachedHeight: 2 });
    for (let k = 0; k < 10; k++) rootHash(cached, 64);
    expect(reads).toBe(64);
    expect(cached.cachedCount).toBe(16 + 8 + 4 + 2 + 1);
  });

  it('use a source subtreeHash when given one', () => {
    const seen: string[] = [];
    const source: LeafHashes = {
      size: h.length,
      leafHash: (i) => h[i],
      subtreeHash: (b, e) => (seen.push(`${b}-${e}`), refMth(h.slice(b, e))),
    };
    expect(Buffer.from(rootHash(source, 70)).equals(refMth(h))).toBe(true);
    expect(seen).toEqual(['0-70']);
    expect(() => subtreeHash({ ...source, subtreeHash: () => Buffer.alloc(31) }, 0, 2)).toThrow(/32 bytes/);
  });

  it('root the empty tree at SHA-256("") and refuse spans outside the leaves', () => {
    const s = arrayLeafHashes(h);
    expect(Buffer.from(rootHash(s, 0)).equals(EMPTY_ROOT)).toBe(true);
    expect(() => rootHash(s, 71)).toThrow(RangeError);
    expect(() => subtreeHash(s, 5, 5)).toThrow(RangeError);
    expect(() => subtreeHash(s, 0, 71)).toThrow(RangeError);
    expect(() => s.leafHash(70)).toThrow(RangeError);
    expect(() => bufferLeafHashes(Buffer.alloc(33))).toThrow(RangeError);
    expect(() => arrayLeafHashes([Buffer.alloc(3)])).toThrow(RangeError);
    expect(() => new CachedLeafHashes(s, { minCachedHeight: 0 })).toThrow(RangeError);
  });
});
