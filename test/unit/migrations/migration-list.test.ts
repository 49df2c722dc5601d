import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASELINE_MIGRATION, migrations } from '../../../migrations';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

describe('the explicit migration list', () => {
  const names = migrations.map((m) => m.name);

  it('names every migration file of the folder, and nothing else', () => {
    const files = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect([...names].sort()).toEqual(files.sort());
  });

  it('uses names that sort by time, in list order, without duplicates', () => {
    for (const n of names) expect(n).toMatch(/^\d{8}T\d{6}-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('starts with the service baseline, and every entry has up and down', () => {
    expect(names[0]).toBe(BASELINE_MIGRATION);
    for (const m of migrations) {
      expect(typeof m.up).toBe('function');
      expect(typeof m.down).toBe('function');
    }
  });
});
