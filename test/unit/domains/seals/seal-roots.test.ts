import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { judgeRecordRootsMeanwhile, judgeSealRoots, type SignedSize } from '../../../../src-main/domains/seals/seal-roots';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { merkleTreeHashOfLeafHashes } from '../../../../src-main/integrity/merkle/tree-hash';

const leaf = () => crypto.randomBytes(32);

/** Seals at `sizes`, each signing the root of the first `size` of `signedLeaves`. */
function sealsAt(sizes: number[], signedLeaves: Buffer[]): SignedSize[] {
  return sizes.map((size, i) => ({ seal_number: i + 1, tree_size: size, root: merkleTreeHashOfLeafHashes(signedLeaves.slice(0, size)) }));
}

/** What two whole trees (records, rows) say of each seal: the result the shared tree must give. */
function twoTrees(seals: SignedSize[], records: Buffer[], rowHashes: Map<number, Buffer>, offset = 0) {
  const recordOk = new Map<number, boolean>();
  const rowOk = new Map<number, boolean>();
  const rows = records.map((r, j) => (j < offset ? r : (rowHashes.get(j - offset) ?? r)));
  for (const s of seals) {
    const complete = s.tree_size <= records.length;
    recordOk.set(s.seal_number, complete && merkleTreeHashOfLeafHashes(records.slice(0, s.tree_size)).equals(s.root));
    rowOk.set(s.seal_number, complete && merkleTreeHashOfLeafHashes(rows.slice(0, s.tree_size)).equals(s.root));
  }
  return { recordOk, rowOk };
}

describe('judging every seal from the leaf records and from the rows', () => {
  const signed = Array.from({ length: 300 }, leaf);
  const sizes = [1, 7, 64, 65, 200, 300];

  it('a clean log: every seal holds on both sides', () => {
    const seals = sealsAt(sizes, signed);
    const v = judgeSealRoots(new MerkleAppender(), seals, signed.length, (j) => signed[j]!, new Map());
    expect([...v.recordOk.values()]).toEqual(sizes.map(() => true));
    expect(v.rowOk).toEqual(v.recordOk);
  });

  it('rows that differ from their records: seals before the first one hold for the rows, the later ones do not', () => {
    const seals = sealsAt(sizes, signed);
    const rowHashes = new Map([
      [150, leaf()],
      [64, leaf()],
    ]);
    const v = judgeSealRoots(new MerkleAppender(), seals, signed.length, (j) => signed[j]!, rowHashes);
    expect(v).toEqual(twoTrees(seals, signed, rowHashes));
    expect([...v.rowOk.values()]).toEqual([true, true, true, false, false, false]);
    expect([...v.recordOk.values()]).toEqual(sizes.map(() => true));
  });

  it('a record altered (the rows still give the signed root): the records fail from that seal on, the rows hold', () => {
    const seals = sealsAt(sizes, signed);
    const records = [...signed];
    records[10] = leaf();
    const rowHashes = new Map([[10, signed[10]!]]);
    const v = judgeSealRoots(new MerkleAppender(), seals, records.length, (j) => records[j]!, rowHashes);
    expect(v).toEqual(twoTrees(seals, records, rowHashes));
    expect([...v.recordOk.values()]).toEqual([true, true, false, false, false, false]);
    expect([...v.rowOk.values()]).toEqual(sizes.map(() => true));
  });

  it('records missing at the end: the seals beyond them are incomplete on both sides', () => {
    const seals = sealsAt(sizes, signed);
    const v = judgeSealRoots(new MerkleAppender(), seals, 100, (j) => signed[j]!, new Map([[99, leaf()]]));
    expect(v).toEqual(twoTrees(seals, signed.slice(0, 100), new Map([[99, leaf()]])));
    expect([...v.recordOk.values()]).toEqual([true, true, true, true, false, false]);
  });

  it('from a kept frontier (--since-checkpoint): indices count from the tree it is given', () => {
    const kept = new MerkleAppender();
    signed.slice(0, 64).forEach((h) => kept.appendLeafHash(h));
    const seals = sealsAt([65, 200, 300], signed);
    const rowHashes = new Map([[100, leaf()]]); // leaf 164
    const v = judgeSealRoots(kept, seals, signed.length - 64, (j) => signed[64 + j]!, rowHashes);
    expect(v).toEqual(twoTrees(seals, signed, rowHashes, 64));
    expect([...v.rowOk.values()]).toEqual([true, false, false]);
  });
});

describe("the records' roots judged in the event loop's turns", () => {
  // Over several turns (512 leaves a turn), with a seal whose signed root is not the records'.
  const records = Array.from({ length: 2000 }, leaf);
  const seals = sealsAt([3, 512, 513, 1500, 2000], records);
  seals[3] = { ...seals[3]!, root: leaf() };
  const hashes = Buffer.concat(records);

  it('gives what judgeSealRoots gives for the records, seal by seal', async () => {
    const expected = judgeSealRoots(new MerkleAppender(), seals, records.length, (j) => records[j]!, new Map()).recordOk;
    const judged = await judgeRecordRootsMeanwhile(seals, records.length, hashes).recordOk;
    expect(judged).toEqual(expected);
    expect([...judged.values()]).toEqual([true, true, true, false, true]);
  });

  it('judges seals beyond the records as not holding', async () => {
    const judged = await judgeRecordRootsMeanwhile(seals, 600, hashes.subarray(0, 600 * 32)).recordOk;
    expect([...judged.values()]).toEqual([true, true, true, false, false]);
  });

  it('lets the event loop run between turns, and stops when told', async () => {
    const judgement = judgeRecordRootsMeanwhile(seals, records.length, hashes);
    let settled = false;
    void judgement.recordOk.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    // One turn has run (512 leaves), not the 2,000: other work got its turn in between.
    expect(settled).toBe(false);
    judgement.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
  });
});
