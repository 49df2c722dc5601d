/** Typed access to test/fixtures/note (see its README for where each value comes from). */
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('test/fixtures/note');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

export interface GoNoteVectors {
  peterVerifierKey: string;
  peterSignerKey: string;
  enochVerifierKey: string;
  text: string;
  peterSignedNote: string;
  peterSignatureLine: string;
  enochSignatureLine: string;
  badVerifierKeys: Array<{ vkey: string; why: string }>;
  invalidPeterSignatureLine: string;
  enochABCDSignatureBase64: string;
  malformedNotes: Array<{ expr: string; base64: string }>;
}

export const goVectors = (): GoNoteVectors => load('go-sumdb-note.json') as GoNoteVectors;

export interface C2spExamples {
  signedNoteExample: { verifierKey: string; note: string };
  signedNoteIntro: { note: string };
  checkpointExample: { note: string };
}

export const c2spExamples = (): C2spExamples => load('c2sp-examples.json') as C2spExamples;
