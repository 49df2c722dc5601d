import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_IDS } from '../../../src-renderer/src/app/route-ids';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');

/** The table after the pages-table marker: one row per page, cells split on `|`. */
function pageRows(): string[][] {
  const after = doc.slice(doc.indexOf('<!-- pages-table -->'));
  const lines = after.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

const paths = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('docs/architecture.md maps every page to its folders', () => {
  const rows = pageRows();

  it('has exactly one row per route of the renderer, in sidebar order', () => {
    expect(rows.map((r) => paths(r[1]!)[0])).toEqual([...ROUTE_IDS]);
  });

  it('names only paths that exist', () => {
    const named = rows.flatMap((r) => r.slice(2).flatMap(paths));
    expect(named.length).toBeGreaterThan(10);
    for (const p of named) expect(fs.existsSync(path.join(ROOT, p)), p).toBe(true);
  });

  it('gives every route a feature folder', () => {
    for (const r of rows) expect(paths(r[2]!)).toHaveLength(1);
  });
});
