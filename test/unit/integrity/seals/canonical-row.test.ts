import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_LOGS_SEALED,
  CONSOLE_EVENTS_SEALED,
  CanonicalRowError,
  canonicalRowBytes,
  canonicalRowText,
  canonicalValue,
  leafFromCopyRow,
  parseCanonicalRow,
  rowLeafHash,
  type RowValue,
} from '../../../../src-main/integrity/canonical-row';
import { canonicalRowVectors } from './fixtures';

const tableOf = (t: string) => (t === 'audit_logs' ? AUDIT_LOGS_SEALED : CONSOLE_EVENTS_SEALED);

describe('canonical rows against the vectors of docs/seal-format.md §11', () => {
  const vectors = canonicalRowVectors();

  it('has the six documented rows', () => {
    const names = ['typical', 'nulls-and-empty-strings', 'escapes-and-unicode', 'special-values', 'bc-date', 'console-event'];
    expect(vectors.map((v) => v.name)).toEqual(names);
  });

  for (const v of vectors) {
    it(`writes ${v.name} byte for byte, hashes it, and reads it back`, () => {
      const table = tableOf(v.table);
      expect(v.values).toHaveLength(table.columns.length);
      expect(canonicalRowText(v.values, table)).toBe(v.leaf);
      const bytes = canonicalRowBytes(v.values, table);
      expect(bytes.toString('hex')).toBe(v.leaf_hex);
      expect(rowLeafHash(v.values, table).toString('hex')).toBe(v.leaf_hash);
      expect(parseCanonicalRow(bytes, table)).toEqual(v.values);
      // The COPY line is the canonical row: the sealer's fast path returns it untouched.
      const copyLine = Buffer.from(v.leaf, 'utf8');
      expect(leafFromCopyRow(copyLine, table.columns.length).equals(bytes)).toBe(true);
    });
  }

  it('keeps NULL, the empty string and the text \\N apart', () => {
    const [nul, empty, text] = [canonicalValue(null), canonicalValue(''), canonicalValue('\\N')];
    expect([nul, empty, text]).toEqual(['\\N', '', '\\\\N']);
    expect(parseCanonicalRow(Buffer.from('\\N\t\t\\\\N'))).toEqual([null, '', '\\N']);
    expect(rowLeafHash([null, 'a'])).not.toEqual(rowLeafHash(['', 'a']));
    expect(rowLeafHash(['a\tb'])).not.toEqual(rowLeafHash(['a', 'b']));
  });

  it('escapes exactly backslash, BS, FF, LF, CR, TAB and VT; other control characters stay raw', () => {
    expect(canonicalValue('\\\b\f\n\r\t\v')).toBe('\\\\\\b\\f\\n\\r\\t\\v');
    expect(canonicalValue('\u0001\u0007\u001b\u007f/"é😀')).toBe('\u0001\u0007\u001b\u007f/"é😀');
  });
});

describe('leafFromCopyRow', () => {
  it('rewrites any COPY spelling of the same values to the canonical one', () => {
    // COPY FROM would read \011 (octal) and \x5c (hex) as TAB and backslash; \q as q.
    const other = Buffer.from('a\\011b\t\\x5c\t\\q\t\\N', 'utf8');
    const leaf = leafFromCopyRow(other, 4);
    expect(leaf.toString('utf8')).toBe('a\\tb\t\\\\\tq\t\\N');
    expect(parseCanonicalRow(leaf)).toEqual(['a\tb', '\\', 'q', null]);
  });

  it('refuses a row spelled otherwise and with the wrong number of columns', () => {
    expect(() => leafFromCopyRow(Buffer.from('a\\011b\tc'), 3)).toThrow(CanonicalRowError);
  });

  it('returns a row spelled as the canonical row spells it as is, NULLs and the seven escapes included', () => {
    for (const text of ['\\N\ta\\tb\t\\\\N\t\\N', 'x\\\\\\b\\f\\n\\r\\v\t\\N', '\\N', '\\\\', '']) {
      const row = Buffer.from(text, 'utf8');
      expect(leafFromCopyRow(row, 99)).toBe(row);
    }
  });

  it('rewrites a \\N inside a value, a lone backslash at the end and any other escape', () => {
    expect(leafFromCopyRow(Buffer.from('a\\N\tb'), 2).toString()).toBe('aN\tb');
    expect(leafFromCopyRow(Buffer.from('\\Nb\tc'), 2).toString()).toBe('Nb\tc');
    expect(leafFromCopyRow(Buffer.from('\\q\t\\N'), 2).toString()).toBe('q\t\\N');
  });

  it('gives the canonical row of the values whatever the spelling (2,000 random rows)', () => {
    const alphabet = ['a', 'é', '😀', '\\', '\b', '\f', '\n', '\r', '\t', '\v', 'N', '\u0001', ' '];
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    // COPY FROM spellings of one character other than the canonical one: octal, hex, or a needless backslash.
    const respell = (c: string) => {
      const code = c.charCodeAt(0);
      if (code < 0x80 && next(3) === 0) return `\\${code.toString(8).padStart(3, '0')}`;
      if (code < 0x80 && next(2) === 0) return `\\x${code.toString(16).padStart(2, '0')}`;
      return c === 'a' ? '\\a' : canonicalValue(c);
    };
    for (let i = 0; i < 2000; i++) {
      const values: RowValue[] = Array.from({ length: 1 + next(5) }, () =>
        next(4) === 0 ? null : Array.from({ length: next(6) }, () => alphabet[next(alphabet.length)]!).join(''),
      );
      const canonical = canonicalRowBytes(values);
      expect(leafFromCopyRow(canonical, values.length)).toBe(canonical);
      const other = values.map((v) => (v === null ? '\\N' : [...v].map(respell).join(''))).join('\t');
      expect(leafFromCopyRow(Buffer.from(other, 'utf8'), values.length).equals(canonical), other).toBe(true);
    }
  });
});

describe('refusals', () => {
  it('refuses values PostgreSQL text cannot hold', () => {
    expect(() => canonicalValue('a\u0000b')).toThrow(/U\+0000/);
    expect(() => canonicalValue('a\ud800b')).toThrow(/surrogate/);
    expect(canonicalValue('\ud83d\ude00')).toBe('😀');
  });

  it('checks the number of values against the table', () => {
    expect(() => canonicalRowText(['a'], AUDIT_LOGS_SEALED)).toThrow(/18 columns, got 1/);
    expect(() => canonicalRowText([])).toThrow(CanonicalRowError);
    expect(() => parseCanonicalRow(Buffer.from('a\tb'), CONSOLE_EVENTS_SEALED)).toThrow(/12 columns/);
  });

  const bad: [string, Buffer][] = [
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0x62])],
    ['a raw newline', Buffer.from('a\nb')],
    ['a raw CR', Buffer.from('a\rb')],
    ['a raw BS inside an escaped value', Buffer.from('\\\\\bx')],
    ['an octal escape', Buffer.from('\\011')],
    ['a hex escape', Buffer.from('\\x41')],
    ['\\N inside a longer value', Buffer.from('a\\N')],
    ['a backslash ending the value', Buffer.from('a\\')],
    ['U+0000', Buffer.from([0x61, 0x00])],
  ];
  for (const [what, bytes] of bad) {
    it(`does not read ${what} as a canonical row`, () => {
      expect(() => parseCanonicalRow(bytes)).toThrow(CanonicalRowError);
    });
  }
});

describe('round trip (property)', () => {
  // A small seeded generator: every character class the format treats specially.
  const alphabet = ['a', 'Z', ' ', '\\', 'N', '\t', '\n', '\r', '\b', '\f', '\v', '\u0001', '\u007f', 'é', '😀', '"', '{', '\u2028'];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const value = (): RowValue => {
    if (rand(6) === 0) return null;
    let s = '';
    for (let i = rand(8); i > 0; i--) s += alphabet[rand(alphabet.length)];
    return s;
  };

  it('reads back what it writes and writes back what it reads, for 2,000 random rows', () => {
    for (let n = 0; n < 2000; n++) {
      const row = Array.from({ length: 1 + rand(5) }, value);
      const bytes = canonicalRowBytes(row);
      expect(parseCanonicalRow(bytes)).toEqual(row);
      expect(canonicalRowBytes(parseCanonicalRow(bytes)).equals(bytes)).toBe(true);
      expect(bytes.includes(0x0a)).toBe(false);
    }
  });
});
