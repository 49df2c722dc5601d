import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The shared vectors are copied into the project so the tests run on a machine without
// ../shared; where ../shared exists, the copy must not have drifted from it.
const here = path.resolve('test/fixtures/vectors');
const shared = path.resolve('../shared/vectors');

describe('test vectors', () => {
  const files = fs.readdirSync(here).sort();

  it('are present in the project', () => {
    expect(files).toEqual(['audit-v1.expected.json', 'audit-v1.jsonl', 'db-v1-rows.jsonl']);
  });

  it.skipIf(!fs.existsSync(shared))('equal ../shared/vectors byte for byte', () => {
    expect(fs.readdirSync(shared).sort()).toEqual(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(here, f)).equals(fs.readFileSync(path.join(shared, f))), f).toBe(true);
    }
  });
});
