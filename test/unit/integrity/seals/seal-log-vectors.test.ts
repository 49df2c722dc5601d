import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { verifyConsistency } from '../../../../src-main/integrity/merkle/consistency';
import { verifyInclusion } from '../../../../src-main/integrity/merkle/inclusion';
import { arrayLeafHashes, rootHash } from '../../../../src-main/integrity/merkle/leaf-hashes';
import { formatCheckpoint, parseCheckpoint } from '../../../../src-main/integrity/note/checkpoint';
import { ed25519PrivateKeyFromSeed } from '../../../../src-main/integrity/note/ed25519-keys';
import { ed25519VerifierKey, formatKeyId, parseSignerKey, parseVerifierKey } from '../../../../src-main/integrity/note/note-keys';
import { ed25519NoteSigner, parseSignedNote, signNote, verifySignedNote } from '../../../../src-main/integrity/note/signed-note';
import { canonicalRowVectors, sealLogVectors } from './fixtures';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('the example log of docs/seal-format.md §11', () => {
  const v = sealLogVectors();
  const rows = canonicalRowVectors();
  const leaves = v.leaves.map((l) => hex(l.leaf_hash));

  it('takes its leaf hashes from the canonical-row vectors', () => {
    for (const l of v.leaves) expect(l.leaf_hash).toBe(rows.find((r) => r.name === l.row)!.leaf_hash);
  });

  it('derives the key ID and verifier key from the seed and the name', () => {
    const key = ed25519PrivateKeyFromSeed(hex(v.key.seed_hex));
    expect(ed25519VerifierKey(v.key.name, key)).toBe(v.key.vkey);
    expect(formatKeyId(parseVerifierKey(v.key.vkey).keyId)).toBe(v.key.key_id);
    expect(parseSignerKey(v.key.skey).vkey).toBe(v.key.vkey);
    expect(ed25519VerifierKey(v.cosigner.name, ed25519PrivateKeyFromSeed(hex(v.cosigner.seed_hex)))).toBe(v.cosigner.vkey);
  });

  it('gives the two signed roots, checkpoints and notes byte for byte', () => {
    const source = arrayLeafHashes(leaves);
    for (const seal of v.seals) {
      const root = Buffer.from(rootHash(source, seal.size));
      expect(root.toString('hex')).toBe(seal.root_hex);
      const body = formatCheckpoint({ origin: v.origin, size: seal.size, rootHash: root });
      expect(body).toBe(seal.checkpoint);
      expect(signNote(body, [ed25519NoteSigner(v.key.name, hex(v.key.seed_hex))])).toBe(seal.note);
      const checked = verifySignedNote(seal.note, [v.key.vkey]);
      expect(checked.ok).toBe(true);
      expect(parseCheckpoint(checked.text)).toMatchObject({ origin: v.origin, size: seal.size, extensions: [] });
    }
  });

  it('proves seal 2 consistent with seal 1, and leaf 1 included in the tree of 5', () => {
    const [s1, s2] = v.seals;
    expect(verifyConsistency(3, 5, v.consistency_3_5.map(hex), hex(s1!.root_hex), hex(s2!.root_hex))).toBe(true);
    expect(verifyConsistency(3, 5, v.consistency_3_5.slice(1).map(hex), hex(s1!.root_hex), hex(s2!.root_hex))).toBe(false);
    expect(verifyInclusion(1, 5, leaves[1]!, v.inclusion_1_5.map(hex), hex(s2!.root_hex))).toBe(true);
  });

  it('verifies the cosigned note with either key alone, and only its text is signed', () => {
    expect(verifySignedNote(v.cosigned_note_5, [v.key.vkey]).ok).toBe(true);
    expect(verifySignedNote(v.cosigned_note_5, [v.cosigner.vkey]).ok).toBe(true);
    expect(parseSignedNote(v.cosigned_note_5).text).toBe(v.seals[1]!.checkpoint);
    const cosigner = ed25519NoteSigner(v.cosigner.name, hex(v.cosigner.seed_hex));
    const withCosigner = signNote(v.seals[1]!.checkpoint, [cosigner], parseSignedNote(v.seals[1]!.note).signatures);
    expect(withCosigner).toBe(v.cosigned_note_5);
  });

  it('has a state file whose frontier folds to the signed root', () => {
    const s = v.state_5;
    expect(s).toMatchObject({ format: 'govcon-checkpoint-state/v1', origin: v.origin, size: 5 });
    const root = Buffer.from(s.root, 'base64');
    expect(root.toString('hex')).toBe(v.seals[1]!.root_hex);
    const appender = MerkleAppender.fromState({ size: s.size, hashes: s.hashes }, root);
    expect(appender.exportState().hashes).toEqual(s.hashes);
    expect(() => MerkleAppender.fromState({ size: 5, hashes: [s.hashes[1]!, s.hashes[0]!] }, root)).toThrow();
  });
});
