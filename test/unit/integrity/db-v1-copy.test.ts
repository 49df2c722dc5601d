import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CopyTextError, CopyTextParser, verifyAuditCopyRow } from '../../../src-main/integrity/copy-text';
import type { AuditCopyRowResult, CopyRow } from '../../../src-main/integrity/copy-text';
import { AuditCopyVerifier } from '../../../src-main/integrity/db-v1-copy';
import { dbV1Hash } from '../../../src-main/integrity/db-v1';
import { pyQuote, pyQuoteUtf8Bytes } from '../../../src-main/integrity/python-json-dumps';

const fixtures = path.resolve('test/unit/integrity/fixtures');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name));

interface Outcome {
  rows: number;
  ok: number;
  failures: [CopyRow, AuditCopyRowResult][];
}

/** What the general path (parser, then verifyAuditCopyRow) says of every row. */
function byParser(data: Buffer): Outcome {
  const out: Outcome = { rows: 0, ok: 0, failures: [] };
  const parser = new CopyTextParser();
  parser.push(data, (row) => {
    out.rows++;
    const r = verifyAuditCopyRow(row);
    if (r.verdict === 'ok') out.ok++;
    else out.failures.push([row, r]);
  });
  parser.end();
  return out;
}

/** What the fast verifier says, fed in chunks of `size` bytes. */
function byVerifier(data: Buffer, size: number): Outcome {
  const out: Outcome = { rows: 0, ok: 0, failures: [] };
  const verifier = new AuditCopyVerifier((row, r) => out.failures.push([row, r]));
  for (let i = 0; i < data.length; i += size) verifier.push(data.subarray(i, i + size));
  verifier.end();
  out.rows = verifier.rows;
  out.ok = verifier.ok;
  return out;
}

const copyField = (v: string | null) =>
  v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/** Random rows of the ten audit columns: ASCII, accents, CJK, emoji, quotes, control characters, NULLs, escapes. */
function randomCopy(rows: number, seed: number): Buffer {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const pieces = ['Jake', ' ', 'Zoë', 'Ångström', '李', '😀', '"', "'", '\\', '\t', '\n', '\r', '\u0001', '\u007f', '\u2028', 'é', 'x'];
  const text = () => (next() < 0.1 ? null : Array.from({ length: Math.floor(next() * 6) }, () => pick(pieces)).join(''));
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const seconds = String(Math.floor(next() * 60)).padStart(2, '0');
    const fraction = pick(['', '.5', '.123456', '.000001', '.25']);
    const row = {
      trace_id: next() < 0.05 ? null : crypto.randomUUID(),
      actor_name: text(),
      actor_email: text(),
      actor_role: text(),
      drag_mode: pick(['draft', 'execute', null]),
      workflow_name: text(),
      outcome: pick(['success', 'failure', 'rejected']),
      created_at: pick([`2026-01-02 03:04:${seconds}${fraction}`, null, 'infinity', '0044-03-15 12:00:00 BC', '2026-02-30 00:00:00']),
    };
    const good = dbV1Hash(row);
    const hash = pick([good, good, good, 'f'.repeat(64), good?.toUpperCase() ?? null, '', null]);
    const fields = [crypto.randomUUID(), row.trace_id, row.actor_name, row.actor_email, row.actor_role, row.drag_mode, row.workflow_name];
    lines.push([...fields, row.outcome, row.created_at, hash].map(copyField).join('\t') + '\n');
  }
  return Buffer.from(lines.join(''), 'utf8');
}

describe('AuditCopyVerifier gives the verdicts of the parser and verifyAuditCopyRow, row for row', () => {
  const sources: [string, Buffer][] = [
    ['the db-v1 vectors as PostgreSQL printed them', read('db-v1-vectors.copy')],
    ['the awkward rows', read('db-v1-edge.copy')],
    ['2,000 random rows', randomCopy(2000, 7)],
  ];
  it.each(sources)('%s, in chunks of every size', (_name, data) => {
    const expected = byParser(data);
    expect(expected.rows).toBeGreaterThan(0);
    for (const size of [1, 2, 3, 7, 64, 1000, 4096, 1 << 20]) expect(byVerifier(data, size)).toEqual(expected);
  });

  it('finds ok and failing rows in the random rows (the comparison above is not vacuous)', () => {
    const r = byParser(randomCopy(2000, 7));
    expect(r.ok).toBeGreaterThan(300);
    expect(r.failures.length).toBeGreaterThan(300);
    expect(new Set(r.failures.map(([, f]) => f.reason))).toEqual(new Set(['hash-mismatch', 'bad-stored-hash', 'bad-created-at']));
  });

  it('refuses what the parser refuses', () => {
    const notUtf8 = new AuditCopyVerifier(() => undefined);
    expect(() => notUtf8.push(Buffer.from([0x61, 0xff, 0x0a]))).toThrow(CopyTextError);
    const short = new AuditCopyVerifier(() => undefined);
    expect(() => short.push(Buffer.from('a\tb\n'))).toThrow(/expected 10 columns, got 2/);
    const cut = new AuditCopyVerifier(() => undefined);
    cut.push(Buffer.from('a\tb'));
    expect(() => cut.end()).toThrow(CopyTextError);
  });
});

describe('pyQuoteUtf8Bytes', () => {
  it('is pyQuote of the decoded text, for every kind of character', () => {
    const samples = [
      '',
      'plain',
      'Zoë',
      '李小龍',
      '😀 Émile',
      '"q"',
      'back\\slash',
      'tab\tnl\ncr\r',
      '\u0000\u001f\u007f\u0080\u07ff\u0800\uffff',
      '\u{10000}\u{10ffff}',
    ];
    let state = 1;
    for (let i = 0; i < 500; i++) {
      let s = '';
      for (let k = 0; k < 12; k++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        const cp = [state % 0x80, 0x80 + (state % 0x780), 0x800 + (state % 0xd000), 0x10000 + (state % 0xfffff)][state % 4]!;
        s += String.fromCodePoint(cp >= 0xd800 && cp < 0xe000 ? 0x41 : cp);
      }
      samples.push(s);
    }
    for (const s of samples) expect(pyQuoteUtf8Bytes(Buffer.from(s, 'utf8').toString('latin1')), JSON.stringify(s)).toBe(pyQuote(s));
  });
});
