import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSignerKey } from '../../../../src-main/integrity/note/note-keys';
import { signNote } from '../../../../src-main/integrity/note/signed-note';
import { keyFilePublic, keyFileText, newKeyFileText, openKeyFile, readTrustedKeys } from '../../../../src-main/domains/seals/key-file';

/** golang.org/x/mod/sumdb/note's published key and signed note (test/fixtures/note/go-sumdb-note.json). */
const GO = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/note/go-sumdb-note.json'), 'utf8')) as {
  peterVerifierKey: string;
  peterSignerKey: string;
  text: string;
  peterSignedNote: string;
};
const PASS = 'a long enough passphrase';

describe('signing-key files', () => {
  const peter = parseSignerKey(GO.peterSignerKey);
  const text = keyFileText('PeterNeumann', peter.privateKey, PASS);

  it('writes the verifier key line exactly as sumdb/note does for its published key', () => {
    expect(text.split('\n').slice(0, 3)).toEqual(['govcon-signing-key: v1', 'name: PeterNeumann', `vkey: ${GO.peterVerifierKey}`]);
    expect(keyFilePublic(text, 'peter.key')).toEqual({ name: 'PeterNeumann', vkey: GO.peterVerifierKey });
    expect(text).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  });

  it('signs the published note byte for byte once decrypted', () => {
    const key = openKeyFile(text, PASS, 'peter.key');
    expect(key.vkey).toBe(GO.peterVerifierKey);
    expect(key.keyId).toBe('c74f20a3');
    expect(signNote(GO.text, [key.signer])).toBe(GO.peterSignedNote);
  });

  it('refuses a wrong passphrase and a header naming another key', () => {
    expect(() => openKeyFile(text, 'wrong passphrase!', 'peter.key')).toThrow(/passphrase is wrong/);
    const other = newKeyFileText('Other', PASS);
    const swapped = text.replace(/^vkey: .*$/m, `vkey: ${other.vkey}`).replace('name: PeterNeumann', 'name: Other');
    expect(() => openKeyFile(swapped, PASS, 'x.key')).toThrow(/another key/);
    expect(() => keyFileText('has space', peter.privateKey, PASS)).toThrow(/no spaces/);
    expect(() => keyFileText('a+b', peter.privateKey, PASS)).toThrow(/"\+"/);
  });

  it('reads trusted keys given as lines or as files of lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-keys-'));
    const file = path.join(dir, 'trusted.txt');
    const other = newKeyFileText('Second', PASS);
    fs.writeFileSync(file, `# auditors\n${GO.peterVerifierKey}\n\n${other.vkey}\n`);
    const keys = await readTrustedKeys([GO.peterVerifierKey, file]);
    expect(keys.map((k) => k.vkey)).toEqual([GO.peterVerifierKey, GO.peterVerifierKey, other.vkey]);
    await expect(readTrustedKeys([path.join(dir, 'missing')])).rejects.toThrow(/neither a verifier key/);
    fs.rmSync(dir, { recursive: true });
  });
});
