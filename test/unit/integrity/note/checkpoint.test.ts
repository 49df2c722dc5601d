import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MerkleAppender } from '../../../../src-main/integrity/merkle/appender';
import { EMPTY_ROOT } from '../../../../src-main/integrity/merkle/hash';
import { formatCheckpoint, parseCheckpoint } from '../../../../src-main/integrity/note/checkpoint';
import { generateEd25519PrivateKey } from '../../../../src-main/integrity/note/ed25519-keys';
import { NoteFormatError } from '../../../../src-main/integrity/note/errors';
import { ed25519VerifierKey } from '../../../../src-main/integrity/note/note-keys';
import { ed25519NoteSigner, parseSignedNote, signNote, verifySignedNote } from '../../../../src-main/integrity/note/signed-note';
import { c2spExamples } from './fixtures';

const ROOT = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');

describe('checkpoints (c2sp.org/tlog-checkpoint@v1.0.0)', () => {
  it('reads the spec’s example checkpoint', () => {
    const note = parseSignedNote(c2spExamples().checkpointExample.note);
    const cp = parseCheckpoint(note.text);
    expect(cp).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: ROOT, extensions: [] });
    // The log's key name matches the origin, as the spec recommends.
    expect(note.signatures.map((s) => s.name)).toEqual([cp.origin]);
    expect(formatCheckpoint(cp)).toBe(note.text);
  });

  it('writes origin, decimal size and base64 root, and nothing else', () => {
    expect(formatCheckpoint({ origin: 'example.com/log', size: 0, rootHash: EMPTY_ROOT })).toBe(
      'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
    const max = formatCheckpoint({ origin: 'o', size: Number.MAX_SAFE_INTEGER, rootHash: ROOT });
    expect(max).toBe(`o\n9007199254740991\n${ROOT.toString('base64')}\n`);
  });

  it('returns extension lines', () => {
    expect(parseCheckpoint(`o\n5\n${ROOT.toString('base64')}\next one\n— ext two\n`).extensions).toEqual(['ext one', '— ext two']);
  });

  it('accepts any non-empty origin when reading (clients must not assume a format)', () => {
    expect(parseCheckpoint(`a log with spaces + plus\n1\n${ROOT.toString('base64')}\n`).origin).toBe('a log with spaces + plus');
  });

  it.each([
    ['no origin', `\n1\n${ROOT.toString('base64')}\n`],
    ['two lines', 'o\n1\n'],
    ['no final newline', `o\n1\n${ROOT.toString('base64')}`],
    ['leading zero', `o\n01\n${ROOT.toString('base64')}\n`],
    ['sign', `o\n+1\n${ROOT.toString('base64')}\n`],
    ['minus zero', `o\n-0\n${ROOT.toString('base64')}\n`],
    ['space', `o\n 1\n${ROOT.toString('base64')}\n`],
    ['empty size', `o\n\n${ROOT.toString('base64')}\n`],
    ['fraction', `o\n1.0\n${ROOT.toString('base64')}\n`],
    ['exponent', `o\n1e3\n${ROOT.toString('base64')}\n`],
    ['hex', `o\n0x10\n${ROOT.toString('base64')}\n`],
    ['non-ASCII digit', `o\n١\n${ROOT.toString('base64')}\n`],
    ['size past 2^53 − 1', `o\n9007199254740992\n${ROOT.toString('base64')}\n`],
    ['31-byte root', `o\n1\n${ROOT.subarray(1).toString('base64')}\n`],
    ['33-byte root', `o\n1\n${Buffer.concat([ROOT, Buffer.of(0)]).toString('base64')}\n`],
    ['unpadded root', `o\n1\n${ROOT.toString('base64').replace('=', '')}\n`],
    ['URL-safe root', `o\n1\n${ROOT.toString('base64url')}=\n`],
    ['empty extension line', `o\n1\n${ROOT.toString('base64')}\n\n`],
    ['control character', `o\t\n1\n${ROOT.toString('base64')}\n`],
  ])('refuses a body with %s', (_why, text) => {
    expect(() => parseCheckpoint(text)).toThrow(NoteFormatError);
  });

  it('refuses to write what it would refuse to read, and origins unfit as key names', () => {
    for (const origin of ['', 'a\nb', 'a b', 'a+b']) {
      expect(() => formatCheckpoint({ origin, size: 1, rootHash: ROOT })).toThrow(NoteFormatError);
    }
    for (const size of [-1, 1.5, 2 ** 53, Number.NaN]) {
      expect(() => formatCheckpoint({ origin: 'o', size, rootHash: ROOT })).toThrow(NoteFormatError);
    }
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: Buffer.alloc(31) })).toThrow(NoteFormatError);
  });

  it('signs a tree head as a checkpoint note and reads it back', () => {
    const key = generateEd25519PrivateKey();
    const a = new MerkleAppender();
    for (let i = 0; i < 10; i++) a.appendLeafData(Buffer.from(`entry ${i}`));
    const body = formatCheckpoint({ origin: 'govcon.example/seals', size: a.size, rootHash: a.root() });
    const note = signNote(body, [ed25519NoteSigner('govcon.example/seals', key)]);
    const v = verifySignedNote(note, [ed25519VerifierKey('govcon.example/seals', key)]);
    expect(v.ok).toBe(true);
    const cp = parseCheckpoint(v.text);
    expect([cp.size, a.matchesRoot(cp.rootHash)]).toEqual([10, true]);
  });
});
