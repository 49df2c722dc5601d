import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { MerkleStateError } from '../../../../src-main/integrity/merkle/errors';
import { EMPTY_ROOT, hashLeaf } from '../../../../src-main/integrity/merkle/hash';
import { merkleTreeHash, merkleTreeHashOfLeafHashes } from '../../../../src-main/integrity/merkle/tree-hash';
import { referenceTree } from './fixtures';
import { refMth, syntheticLeafHashes } from './reference';

const hex = (bs: Buffer[]): string[] => bs.map((b) => b.toString('hex'));

describe('MerkleAppender', () => {
  const t = referenceTree();

  it('gives the reference roots and compact trees (frontiers) at sizes 0 … 8', () => {
    const a = new MerkleAppender();
    for (let size = 0; size <= 8; size++) {
      if (size > 0) a.appendLeafData(t.leafInputs[size - 1]);
      expect(a.size).toBe(size);
      expect(a.root().toString('hex'), `root at ${size}`).toBe(t.rootHashesBySize[size].toString('hex'));
      expect(hex(a.frontier()), `frontier at ${size}`).toEqual(hex(t.compactTreesBySize[size]));
    }
  });

  it('roots an empty tree at SHA-256("")', () => {
    expect(new MerkleAppender().root().equals(EMPTY_ROOT)).toBe(true);
    expect(merkleTreeHash([]).equals(EMPTY_ROOT)).toBe(true);
  });

  it('matches the literal RFC definition of MTH for every size up to 300', () => {
    const leaves = syntheticLeafHashes(300);
    const a = new MerkleAppender();
    for (let n = 1; n <= leaves.length; n++) {
      a.appendLeafHash(leaves[n - 1]);
      expect(a.root().equals(refMth(leaves.slice(0, n))), `size ${n}`).toBe(true);
    }
  });

  it('appends back-to-back leaf hashes the same as one at a time', () => {
    const leaves = syntheticLeafHashes(77);
    const a = new MerkleAppender();
    a.appendLeafHashes(Buffer.concat(leaves.slice(0, 40)));
    a.appendLeafHashes(Buffer.concat(leaves.slice(40)));
    expect(a.root().equals(merkleTreeHashOfLeafHashes(leaves))).toBe(true);
    expect(() => a.appendLeafHashes(Buffer.alloc(33))).toThrow(RangeError);
  });

  it('copies leaf hashes, so a caller may reuse its buffer', () => {
    const leaves = syntheticLeafHashes(5);
    const scratch = Buffer.alloc(32);
    const a = new MerkleAppender();
    for (const l of leaves) {
      l.copy(scratch);
      a.appendLeafHash(scratch);
    }
    scratch.fill(0);
    expect(a.root().equals(refMth(leaves))).toBe(true);
  });

  it('exports its state as plain hex and resumes from it, checked against a root', () => {
    const leaves = syntheticLeafHashes(23);
    const a = new MerkleAppender();
    leaves.slice(0, 13).forEach((l) => a.appendLeafHash(l));
    const state = JSON.parse(JSON.stringify(a.exportState())) as ReturnType<MerkleAppender['exportState']>;
    expect(state.size).toBe(13);
    expect(state.hashes).toHaveLength(3); // 13 = 8 + 4 + 1
    const b = MerkleAppender.fromState(state, refMth(leaves.slice(0, 13)));
    leaves.slice(13).forEach((l) => b.appendLeafHash(l));
    expect(b.root().equals(refMth(leaves))).toBe(true);
    expect(() => MerkleAppender.fromState(state, refMth(leaves.slice(0, 12)))).toThrow(MerkleStateError);
  });

  it('refuses malformed state', () => {
    const good = { size: 5, hashes: [crypto.randomBytes(32).toString('hex'), crypto.randomBytes(32).toString('hex')] };
    expect(() => MerkleAppender.fromState(good)).not.toThrow();
    const bad: unknown[] = [
      null,
      { size: 5, hashes: good.hashes.slice(0, 1) }, // 5 = 4 + 1 needs two
      { size: 4, hashes: good.hashes },
      { size: -1, hashes: [] },
      { size: 1.5, hashes: [good.hashes[0]] },
      { size: 2 ** 53, hashes: [good.hashes[0]] },
      { size: 1, hashes: [good.hashes[0].toUpperCase()] },
      { size: 1, hashes: [good.hashes[0].slice(2)] },
      { size: 1, hashes: 'x' },
    ];
    for (const s of bad) expect(() => MerkleAppender.fromState(s as never), JSON.stringify(s)).toThrow(MerkleStateError);
  });

  it('clones independently', () => {
    const a = new MerkleAppender();
    a.appendLeafData(Buffer.from('a'));
    const b = a.clone();
    b.appendLeafData(Buffer.from('b'));
    expect(a.size).toBe(1);
    expect(a.root().equals(hashLeaf(Buffer.from('a')))).toBe(true);
    expect(b.size).toBe(2);
  });
});
