/** Typed access to test/fixtures/seals (see its README for how each value was made). */
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('test/fixtures/seals');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

export interface CanonicalRowVector {
  name: string;
  table: 'audit_logs' | 'console_events';
  /** The values bound to the INSERT that made the row. */
  input: (string | null)[];
  /** Each value's text as COPY wrote it. */
  values: (string | null)[];
  leaf: string;
  leaf_hex: string;
  leaf_hash: string;
}

export interface SealLogVectors {
  origin: string;
  key: { name: string; seed_hex: string; public_hex: string; key_id: string; vkey: string; skey: string };
  cosigner: { name: string; seed_hex: string; key_id: string; vkey: string };
  leaves: { index: number; row: string; leaf_hash: string }[];
  seals: { size: number; root_hex: string; checkpoint: string; note: string }[];
  consistency_3_5: string[];
  inclusion_1_5: string[];
  cosigned_note_5: string;
  state_5: { format: string; origin: string; size: number; root: string; hashes: string[] };
}

export const canonicalRowVectors = (): CanonicalRowVector[] => load('canonical-rows.json') as CanonicalRowVector[];
export const sealLogVectors = (): SealLogVectors => load('seal-log.json') as SealLogVectors;
