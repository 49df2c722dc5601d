import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ed25519Seed, generateEd25519PrivateKey } from '../../../../src-main/integrity/note/ed25519-keys';
import { NoteFormatError, NoteKeyError } from '../../../../src-main/integrity/note/errors';
import { ed25519VerifierKey, formatKeyId, parseSignerKey, parseVerifierKey } from '../../../../src-main/integrity/note/note-keys';
import { ed25519NoteSigner, parseSignedNote, signNote, verifySignedNote } from '../../../../src-main/integrity/note/signed-note';
import type { NoteSignature } from '../../../../src-main/integrity/note/signed-note';
import { c2spExamples, goVectors } from './fixtures';

const go = goVectors();
const peterKey = parseSignerKey(go.peterSignerKey);
const peter = ed25519NoteSigner('PeterNeumann', peterKey.privateKey);
const { text, peterSignatureLine: peterSig, enochSignatureLine: enochSig } = go;
// name+keyID:first base64 characters of the line's signature field (key ID included).
const names = (sigs: NoteSignature[]): string[] => sigs.map((s) => `${s.name}+${formatKeyId(s.keyId)}:${b64Field(s).slice(0, 8)}`);

function b64Field(s: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(s.keyId);
  return Buffer.concat([id, s.signature]).toString('base64');
}

describe('signed notes: golang.org/x/mod/sumdb/note vectors', () => {
  it('signs the published note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(text, [peter])).toBe(go.peterSignedNote);
    expect(signNote(text, [ed25519NoteSigner('PeterNeumann', ed25519Seed(peterKey.privateKey))])).toBe(go.peterSignedNote);
  });

  it('replaces an earlier signature by the same key', () => {
    const old: NoteSignature = { name: 'PeterNeumann', keyId: 0xc74f20a3, signature: Buffer.from('BADSIGN') };
    expect(signNote(text, [peter], [old])).toBe(go.peterSignedNote);
  });

  it('keeps other signatures, before the new ones', () => {
    const enoch = parseSignedNote(text + '\n' + enochSig).signatures;
    expect(signNote(text, [peter], enoch)).toBe(text + '\n' + enochSig + peterSig);
  });

  it('verifies the published note with the published verifier key', () => {
    const v = verifySignedNote(go.peterSignedNote, [go.peterVerifierKey]);
    expect(v.ok).toBe(true);
    expect(v.text).toBe(text);
    expect(names(v.verified)).toEqual(['PeterNeumann+c74f20a3:x08go/ZJ']);
    expect(v.failed).toEqual([]);
    expect(v.untrusted).toEqual([]);
  });

  it('tells verified from untrusted signatures (TestOpen)', () => {
    const note = text + '\n' + peterSig + enochSig;
    const one = verifySignedNote(note, [go.peterVerifierKey]);
    expect([one.ok, names(one.verified), names(one.untrusted)]).toEqual([
      true,
      ['PeterNeumann+c74f20a3:x08go/ZJ'],
      ['EnochRoot+af0cfe78:rwz+eBzm'],
    ]);
    const both = verifySignedNote(note, [go.peterVerifierKey, go.enochVerifierKey]);
    expect([both.ok, both.verified.length, both.untrusted.length]).toEqual([true, 2, 0]);
    const none = verifySignedNote(note, []);
    expect([none.ok, none.verified.length, none.untrusted.length, none.failed.length]).toEqual([false, 0, 2, 0]);
  });

  it('takes the same trusted key twice as one key (Go reports "ambiguous key" once it is used)', () => {
    const v = verifySignedNote(text + '\n' + enochSig, [go.enochVerifierKey, go.peterVerifierKey, go.enochVerifierKey]);
    expect(v.ok).toBe(true);
  });

  it('refuses two different trusted keys with the same name and key ID', () => {
    const real = parseVerifierKey(go.peterVerifierKey);
    const impostor = { ...real, publicKey: Buffer.alloc(32, 7) };
    expect(() => verifySignedNote(go.peterSignedNote, [real, impostor])).toThrow(NoteKeyError);
  });

  it('refuses more than 100 signature lines, or the configured limit (at least 16)', () => {
    expect(() => parseSignedNote(text + '\n' + peterSig.repeat(101))).toThrow(NoteFormatError);
    expect(verifySignedNote(text + '\n' + peterSig.repeat(100), [go.peterVerifierKey]).ok).toBe(true);
    expect(() => verifySignedNote(text + '\n' + peterSig.repeat(17), [], { maxSignatures: 16 })).toThrow(NoteFormatError);
    expect(() => parseSignedNote(text + '\n' + peterSig, { maxSignatures: 15 })).toThrow(RangeError);
  });

  it('reports a bad signature by a trusted key as failed, not untrusted', () => {
    const v = verifySignedNote(text + '\n' + go.invalidPeterSignatureLine, [go.peterVerifierKey]);
    expect([v.ok, v.verified.length, names(v.failed), v.untrusted.length]).toEqual([false, 0, ['PeterNeumann+c74f20a3:x08go/ZJ'], 0]);
  });

  it('counts identical lines once (duplicated verified and unverified signatures)', () => {
    const enochBad = `\u2014 EnochRoot ${go.enochABCDSignatureBase64}\n`;
    const v = verifySignedNote(text + '\n' + peterSig + peterSig + enochSig + enochSig + enochBad, [go.peterVerifierKey]);
    expect(v.ok).toBe(true);
    expect(names(v.verified)).toEqual(['PeterNeumann+c74f20a3:x08go/ZJ']);
    expect(v.untrusted.map(b64Field)).toEqual([enochSig.split(' ')[2].trim(), go.enochABCDSignatureBase64]);
  });

  it('checks every distinct line by a trusted key: a bad one fails the note even beside a good one (Go skips it)', () => {
    const v = verifySignedNote(text + '\n' + peterSig + go.invalidPeterSignatureLine, [go.peterVerifierKey]);
    expect([v.ok, v.verified.length, v.failed.length]).toEqual([false, 1, 1]);
  });

  it.each(goVectors().malformedNotes)('refuses the malformed note $expr', ({ base64 }) => {
    const bytes = Buffer.from(base64, 'base64');
    expect(() => verifySignedNote(bytes, [go.peterVerifierKey])).toThrow(NoteFormatError);
  });

  it('refuses a key name with a space (the Go vector misses its final newline, so it fails earlier)', () => {
    const badName = text + '\n' + peterSig.replace('PeterNeumann', 'Bad Name');
    expect(() => parseSignedNote(badName)).toThrow(/not standard base64/);
    expect(() => parseSignedNote(text + '\n' + peterSig.replace('PeterNeumann', 'Peter+Neumann'))).toThrow(/invalid key name/);
  });

  it('ignores signatures whose name or key ID differs from the trusted key', () => {
    const misnamed = verifySignedNote(text + '\n' + peterSig.replace('PeterNeumann', 'CarmenSandiego'), [go.peterVerifierKey]);
    expect([misnamed.ok, misnamed.untrusted.length, misnamed.failed.length]).toEqual([false, 1, 0]);
    const wrongId = verifySignedNote(text + '\n' + peterSig.replace('x08g', 'xxxx'), [go.peterVerifierKey]);
    expect([wrongId.ok, wrongId.untrusted.length, wrongId.failed.length]).toEqual([false, 1, 0]);
  });
});

describe('signed notes: C2SP signed-note@v1.0.0 examples', () => {
  const c2sp = c2spExamples();

  it('verifies the example note with the example verifier key', () => {
    const v = verifySignedNote(c2sp.signedNoteExample.note, [c2sp.signedNoteExample.verifierKey]);
    expect(v.ok).toBe(true);
    expect(v.text).toBe('This is an example message.\n');
    expect(v.verified.map((s) => s.name)).toEqual(['example.com/foo']);
  });

  it('splits the opening example at its last blank line (the text has one of its own)', () => {
    const p = parseSignedNote(c2sp.signedNoteIntro.note);
    expect(p.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(p.signatures.map((s) => [s.name, s.signature.length])).toEqual([['quasimodo.example/salvatore', 64]]);
    expect(verifySignedNote(c2sp.signedNoteIntro.note, [c2sp.signedNoteExample.verifierKey]).untrusted).toHaveLength(1);
  });
});

describe('signed notes: format rules', () => {
  const key = generateEd25519PrivateKey();
  const signer = ed25519NoteSigner('example.com/log', key);
  const vkey = ed25519VerifierKey('example.com/log', key);

  it('signs and verifies text with empty lines, non-ASCII and a byte-order mark', () => {
    for (const t of ['a\n', '\n', 'a\n\nb\n\n', '\ufeffZoë 😀 李\n', '— looks like a signature line\n']) {
      const note = signNote(t, [signer]);
      const v = verifySignedNote(Buffer.from(note, 'utf8'), [vkey]);
      expect([v.ok, v.text], JSON.stringify(t)).toEqual([true, t]);
    }
  });

  it('refuses text that cannot be a note', () => {
    for (const t of ['no newline', 'tab\there\n', 'cr\r\n', 'nul\u0000\n', 'lone \ud800 surrogate\n']) {
      expect(() => signNote(t, [signer]), JSON.stringify(t)).toThrow(NoteFormatError);
    }
    expect(() => signNote('a\n', [])).toThrow(/at least one signature/);
    expect(() => signNote('a\n', [signer, signer])).toThrow(NoteKeyError);
  });

  it('refuses malformed signature blocks and bytes', () => {
    const good = signNote('a\n', [signer]);
    const line = good.slice(3);
    const bad: Array<string | Buffer> = [
      'a\n\n',
      'a\n' + line,
      'a\n\n' + line.slice(0, -1),
      'a\n\n' + line + '\n',
      'a\n\n' + line.replace('\u2014 ', '- '),
      'a\n\n' + line.replace('\u2014 ', '\u2014'),
      'a\n\n' + line.replace(' ', '  '),
      'a\n\n' + line.replace(/=?\n$/, '\n'), // 68 bytes → 92 base64 chars with padding; unpadded is refused
      'a\n\n\u2014 example.com/log AAAAAA==\n', // 4 bytes: a key ID and no signature (5 is the minimum)
      'a\n\n\u2014  AAAAAAA=\n',
      Buffer.concat([Buffer.from('a\n\n'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n\n' + line)]), // UTF-8 surrogate
      Buffer.concat([Buffer.from('a'), Buffer.from([0xc0, 0x80]), Buffer.from('\n\n' + line)]), // overlong NUL
    ];
    for (const b of bad) expect(() => parseSignedNote(b), JSON.stringify(b.toString())).toThrow(NoteFormatError);
    // 68 bytes end in a 2-byte base64 group "c1c2c3=" whose c3 carries two zero pad bits; c3 + 1
    // sets one. Buffer.from decodes that to the same bytes, but it is not the canonical spelling.
    const c3 = line.at(-3)!;
    const sneaky = 'a\n\n' + line.slice(0, -3) + String.fromCharCode(c3.charCodeAt(0) + 1) + line.slice(-2);
    expect(Buffer.from(sneaky.split(' ')[2], 'base64').equals(Buffer.from(line.split(' ')[2], 'base64'))).toBe(true);
    expect(() => parseSignedNote(sneaky)).toThrow(/not standard base64/);
  });

  it('reports verified, failed and untrusted signatures separately in one note', () => {
    const witnessKey = generateEd25519PrivateKey();
    const witness = ed25519NoteSigner('example.com/witness', witnessKey);
    const stranger = ed25519NoteSigner('example.org/stranger', generateEd25519PrivateKey());
    // Same name and key ID as the trusted witness key, but not its signature.
    const forged: NoteSignature = { name: witness.name, keyId: witness.keyId, signature: Buffer.alloc(64, 1) };
    const note = signNote('tree head\n', [signer, stranger], [forged]);
    const v = verifySignedNote(note, [vkey, ed25519VerifierKey(witness.name, witnessKey)]);
    expect(v.verified.map((s) => s.name)).toEqual(['example.com/log']);
    expect(v.failed.map((s) => s.name)).toEqual(['example.com/witness']);
    expect(v.untrusted.map((s) => s.name)).toEqual(['example.org/stranger']);
    expect(v.ok).toBe(false);
  });
});
