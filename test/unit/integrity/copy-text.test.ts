import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COPY_COLUMNS,
  AUDIT_COPY_SQL,
  CopyTextError,
  CopyTextParser,
  parseCopyTextRow,
  verifyAuditCopyRow,
} from '../../../src-main/integrity/copy-text';
import type { CopyRow } from '../../../src-main/integrity/copy-text';

// Fixtures captured from PostgreSQL 15: see fixtures/README.md.
const fixtures = path.resolve('test/unit/integrity/fixtures');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name));

/** Feeds `data` to a parser in chunks of `size` bytes; returns the rows. */
function parseAll(data: Buffer, size: number): CopyRow[] {
  const parser = new CopyTextParser();
  const rows: CopyRow[] = [];
  for (let i = 0; i < data.length; i += size) parser.push(data.subarray(i, i + size), (r) => rows.push(r));
  parser.end();
  return rows;
}

const CHUNK_SIZES = [1, 2, 3, 7, 64, 4096, 1 << 20];

interface VectorRow {
  id: string;
  expect: 'ok' | 'tampered';
  [column: string]: string | null;
}

describe('COPY TEXT of the db-v1 vectors, as PostgreSQL printed them', () => {
  const vectors = new Map(
    fs
      .readFileSync(path.resolve('test/fixtures/vectors/db-v1-rows.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as VectorRow)
      .map((r) => [r.id, r]),
  );
  const data = read('db-v1-vectors.copy');

  it.each(CHUNK_SIZES)('gives every row, its values and verdict (chunks of %i bytes)', (size) => {
    const rows = parseAll(data, size);
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      const vector = vectors.get(row[0]!)!;
      expect(row).toEqual(AUDIT_COPY_COLUMNS.map((c) => vector[c]));
      const result = verifyAuditCopyRow(row);
      expect(result.id).toBe(vector.id);
      expect(result.verdict).toBe(vector.expect);
    }
    expect(new Set(rows.map((r) => r[0])).size).toBe(60);
  });
});

describe('COPY TEXT of awkward rows', () => {
  const expected = JSON.parse(read('db-v1-edge.expected.json').toString()) as Record<string, string>;
  const data = read('db-v1-edge.copy');

  it.each(CHUNK_SIZES)('gives the verdicts Python expects (chunks of %i bytes)', (size) => {
    const rows = parseAll(data, size);
    expect(rows).toHaveLength(Object.keys(expected).length);
    for (const row of rows) expect(verifyAuditCopyRow(row).verdict, String(row[0])).toBe(expected[row[0]!]);
  });

  it('decodes the values', () => {
    const names = parseAll(data, 1 << 20).map((r) => r[2]);
    expect(names).toContain('Tab\tName');
    expect(names).toContain('Line\nBreak');
    expect(names).toContain('CR\rLF\r\n');
    expect(names).toContain('bs\\');
    expect(names).toContain('\\N');
    expect(names).toContain('\\.');
    expect(names).toContain('vt\vff\fbs\b');
    expect(names).toContain('ctl\u0001\u001f\u007f');
    expect(names).toContain('😀 Émile 李');
    expect(names).toContain('\u2028\ufeff');
  });
});

describe('COPY TEXT escapes as PostgreSQL reads them', () => {
  const expected = JSON.parse(read('copy-escapes.expected.json').toString()) as [number, string | null, string][];
  const data = read('copy-escapes.copy');

  it.each([1, 5, 1 << 20])('matches what PostgreSQL stored (chunks of %i bytes)', (size) => {
    const rows = parseAll(data, size).map((r) => [Number(r[0]), r[1], r[2]]);
    expect(rows).toEqual(expected);
  });

  it('splits rows and maps \\N to null', () => {
    expect(parseCopyTextRow('a\t\\N\t\t\\\\N')).toEqual(['a', null, '', '\\N']);
    expect(parseCopyTextRow('')).toEqual(['']);
    expect(parseCopyTextRow('\\N')).toEqual([null]);
    expect(parseCopyTextRow('x\\N')).toEqual(['xN']);
    expect(parseCopyTextRow('\\x')).toEqual(['x']);
    expect(parseCopyTextRow('a\\')).toEqual(['a']);
    expect(parseCopyTextRow('\\\\\t\\\\\\\tb')).toEqual(['\\', '\\\tb']);
    expect(parseCopyTextRow('\\😀\\é')).toEqual(['😀é']);
    expect(parseCopyTextRow('\\xe2\\x82\\xac\\342\\202\\254')).toEqual(['€€']);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseCopyTextRow('\\xff')).toThrow(CopyTextError);
    expect(() => parseCopyTextRow('\\000')).toThrow(CopyTextError);
    const parser = new CopyTextParser();
    expect(() => parser.push(Buffer.from([0x61, 0xff, 0x0a]), () => {})).toThrow(CopyTextError);
  });
});

describe('CopyTextParser', () => {
  it('keeps multi-byte characters split across chunks', () => {
    const data = Buffer.from('é😀\t李\n\\N\tx\n');
    for (let size = 1; size <= data.length; size++)
      expect(parseAll(data, size)).toEqual([
        ['é😀', '李'],
        [null, 'x'],
      ]);
  });

  it('skips the end-of-data marker of psql files', () => {
    expect(parseAll(Buffer.from('a\n\\.\n'), 100)).toEqual([['a']]);
  });

  it('refuses data that ends inside a row', () => {
    const parser = new CopyTextParser();
    parser.push(Buffer.from('a\tb\nc\t'), () => {});
    expect(() => parser.end()).toThrow(CopyTextError);
  });

  it('does not keep a reference to chunks the stream may reuse', () => {
    const parser = new CopyTextParser();
    const rows: CopyRow[] = [];
    const chunk = Buffer.from('abc\tde');
    parser.push(chunk, (r) => rows.push(r));
    chunk.fill(0x7a);
    parser.push(Buffer.from('f\n'), (r) => rows.push(r));
    parser.end();
    expect(rows).toEqual([['abc', 'def']]);
    expect(parser.rows).toBe(1);
    expect(parser.bytes).toBe(8); // "abc\tdef\n"
  });

  it('needs the ten audit columns', () => {
    expect(() => verifyAuditCopyRow(['a', 'b'])).toThrow(CopyTextError);
    expect(AUDIT_COPY_SQL).toBe(
      'COPY (SELECT id, trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome, created_at, integrity_hash FROM audit_logs ORDER BY created_at, id) TO STDOUT',
    );
  });
});
