import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CachedLeafHashes } from '../../../../src-main/integrity/merkle/cached-leaf-hashes';
import { MerkleProofError } from '../../../../src-main/integrity/merkle/errors';
import { hashLeaf } from '../../../../src-main/integrity/merkle/hash';
import { assertInclusion, inclusionProof, rootFromInclusionProof, verifyInclusion } from '../../../../src-main/integrity/merkle/inclusion';
import { arrayLeafHashes, bufferLeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import { goldenProofs, inclusionProbes, referenceTree } from './fixtures';
import { refMth, refPath, syntheticLeafHashes } from './reference';

const hex = (bs: Uint8Array[]): string[] => bs.map((b) => Buffer.from(b).toString('hex'));

describe('inclusion proofs', () => {
  const t = referenceTree();
  const leaves = t.leafInputs.map(hashLeaf);

  it.each(goldenProofs().inclusion)('generates the published proof for leaf $leafIndex of $treeSize', ({ leafIndex, treeSize, proof }) => {
    for (const source of [arrayLeafHashes(leaves), new CachedLeafHashes(bufferLeafHashes(Buffer.concat(leaves)), { minCachedHeight: 1 })]) {
      expect(hex(inclusionProof(source, leafIndex, treeSize))).toEqual(hex(proof));
    }
    expect(verifyInclusion(leafIndex, treeSize, leaves[leafIndex], proof, t.rootHashesBySize[treeSize])).toBe(true);
  });

  const probes = inclusionProbes();
  it('has all the upstream probes', () => {
    expect(probes).toHaveLength(98);
    expect(probes.filter((p) => !p.wantErr)).toHaveLength(6); // one happy path per generated proof, plus the single-entry one
  });

  it.each(probes)('agrees with upstream on $file ($desc)', (p) => {
    expect(verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, p.root)).toBe(!p.wantErr);
  });

  it('matches the literal RFC PATH for every leaf of every tree up to 64 leaves', () => {
    const h = syntheticLeafHashes(64);
    const source = arrayLeafHashes(h);
    for (let n = 1; n <= h.length; n++) {
      const root = refMth(h.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(source, m, n);
        expect(hex(proof), `${m} in ${n}`).toEqual(hex(refPath(m, h.slice(0, n))));
        expect(rootFromInclusionProof(m, n, h[m], proof).equals(root)).toBe(true);
      }
    }
  });

  it('says why a proof fails', () => {
    const proof = inclusionProof(arrayLeafHashes(leaves), 5, 8);
    const root = t.rootHashesBySize[8];
    expect(() => assertInclusion(5, 8, leaves[5], proof.slice(1), root)).toThrow(/too short/);
    expect(() => assertInclusion(5, 8, leaves[5], [...proof, root], root)).toThrow(/too long/);
    expect(() => assertInclusion(5, 8, leaves[4], proof, root)).toThrow(/different root/);
    expect(() => assertInclusion(8, 8, leaves[5], proof, root)).toThrow(MerkleProofError);
    expect(() => assertInclusion(5, 8, leaves[5], [Buffer.alloc(31), ...proof.slice(1)], root)).toThrow(/32 bytes/);
    expect(() => assertInclusion(5, 8, leaves[5], 'x' as never, root)).toThrow(/array/);
    expect(verifyInclusion(Number.NaN, 8, leaves[5], proof, root)).toBe(false);
  });

  it('refuses to generate impossible proofs', () => {
    const source = arrayLeafHashes(leaves);
    expect(() => inclusionProof(source, 0, 0)).toThrow(RangeError);
    expect(() => inclusionProof(source, 3, 3)).toThrow(RangeError);
    expect(() => inclusionProof(source, 0, 9)).toThrow(RangeError);
    expect(() => inclusionProof(source, -1, 3)).toThrow(RangeError);
  });
});
