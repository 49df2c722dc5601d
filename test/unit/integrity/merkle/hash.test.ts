import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf } from '../../../../src-main/integrity/merkle/hash';
import { hasherVectors, referenceTree } from './fixtures';

describe('RFC 6962 hashing', () => {
  const v = hasherVectors();

  it('has the empty-tree hash SHA-256("")', () => {
    expect(EMPTY_ROOT.equals(v.emptyRoot)).toBe(true);
  });

  it.each(v.leaves)('hashes leaves with the 0x00 prefix: $desc', ({ data, hash }) => {
    expect(hashLeaf(data).equals(hash)).toBe(true);
  });

  it('keeps the empty leaf distinct from the empty tree', () => {
    expect(hashLeaf(Buffer.alloc(0)).equals(EMPTY_ROOT)).toBe(false);
  });

  it('hashes big leaves (streamed past the scratch buffer) the same way', () => {
    for (const n of [255, 256, 257, 64 * 1024, 64 * 1024 + 1, 300_000]) {
      const data = crypto.randomBytes(n);
      const want = crypto
        .createHash('sha256')
        .update(Buffer.concat([Buffer.of(0), data]))
        .digest();
      expect(hashLeaf(data).equals(want), `${n} bytes`).toBe(true);
    }
  });

  it('only takes 32-byte children; the upstream node vector uses 4-byte ones, checked here by its construction', () => {
    const [n] = v.nodes;
    expect(() => hashChildren(n.left, n.right)).toThrow(RangeError);
    const want = crypto
      .createHash('sha256')
      .update(Buffer.concat([Buffer.of(1), n.left, n.right]))
      .digest();
    expect(want.equals(n.hash)).toBe(true);
  });

  it('reproduces every node hash of the reference tree from its leaves', () => {
    const t = referenceTree();
    const levels = [t.leafInputs.map(hashLeaf)];
    while (levels[levels.length - 1].length > 1) {
      const below = levels[levels.length - 1];
      const up: Buffer[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) up.push(hashChildren(below[i], below[i + 1]));
      levels.push(up);
    }
    expect(levels.map((l) => l.map((h) => h.toString('hex')))).toEqual(t.nodeHashesByLevel.map((l) => l.map((h) => h.toString('hex'))));
  });

  it('does not let one call clobber the result of another (results are fresh buffers)', () => {
    const a = hashChildren(Buffer.alloc(32, 1), Buffer.alloc(32, 2));
    const copy = Buffer.from(a);
    hashChildren(Buffer.alloc(32, 3), Buffer.alloc(32, 4));
    hashLeaf(Buffer.from('x'));
    expect(a.equals(copy)).toBe(true);
  });
});
