import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import {
  canonicalPyJson,
  compareCodePoints,
  parsePyJson,
  sortByCodePoints,
  PyInt,
  pyDumps,
  pyFloat,
  pyFloatRepr,
  pyInt,
  pyQuote,
  PyJsonError,
  PY_JSON_MAX_DEPTH,
} from '../../../src-main/integrity/python-json';
import type { PyFloat } from '../../../src-main/integrity/python-json';

// Every expected string below was produced by CPython 3.11's json module:
//   python3 -c 'import json; print(json.dumps(json.loads(SRC), sort_keys=True))'
// roundTrip also checks that the one-pass canonicalPyJson agrees with parse-then-dump.
const roundTrip = (src: string) => {
  const viaTree = pyDumps(parsePyJson(src));
  expect(canonicalPyJson(src)).toBe(viaTree);
  return viaTree;
};

describe('pyDumps: json.dumps(obj, sort_keys=True)', () => {
  it('writes floats as repr(float)', () => {
    const src =
      '[0.1, 1e-05, 0.0001, 1e16, 1e15, 1234567890123456.0, 9999999999999998.0, 123456789012345680000.0, 5e-324, ' +
      '1.7976931348623157e308, 2.50, 1E300, -0.0, 0.0, 1e22, 1e21, 100.0, 3.0, 1.5e-7, -1.25e-10, 12345.678, ' +
      '0.30000000000000004, 2e-308, 1e400, -1e400, NaN, Infinity, -Infinity, 0.00001234, 4.35, 1e-4, 9.999999999999999e-05]';
    expect(roundTrip(src)).toBe(
      '[0.1, 1e-05, 0.0001, 1e+16, 1000000000000000.0, 1234567890123456.0, 9999999999999998.0, 1.2345678901234568e+20, ' +
        '5e-324, 1.7976931348623157e+308, 2.5, 1e+300, -0.0, 0.0, 1e+22, 1e+21, 100.0, 3.0, 1.5e-07, -1.25e-10, ' +
        '12345.678, 0.30000000000000004, 2e-308, Infinity, -Infinity, NaN, Infinity, -Infinity, 1.234e-05, 4.35, ' +
        '0.0001, 9.999999999999999e-05]',
    );
  });

  it('pyFloatRepr covers the notation boundaries', () => {
    expect(pyFloatRepr(1e-7)).toBe('1e-07');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(-1e16)).toBe('-1e+16');
    expect(pyFloatRepr(1e100)).toBe('1e+100');
    expect(pyFloatRepr(1.5e-300)).toBe('1.5e-300');
    expect(pyFloatRepr(3)).toBe('3.0');
    expect(pyFloatRepr(-0)).toBe('-0.0');
    expect(pyFloatRepr(NaN)).toBe('NaN');
    expect(pyFloatRepr(2 ** 53)).toBe('9007199254740992.0');
  });

  it('writes ints as str(int(text)), at any size', () => {
    expect(roundTrip('[-0, 0, 12, -12, 123456789012345678901234567890, -99999999999999999999999]')).toBe(
      '[0, 0, 12, -12, 123456789012345678901234567890, -99999999999999999999999]',
    );
    const big = '7'.repeat(4300);
    expect(roundTrip(big)).toBe(big);
    expect(roundTrip('-' + big)).toBe('-' + big);
  });

  it('distinguishes 3 from 3.0 (JSON.parse does not)', () => {
    expect(roundTrip('[3, 3.0, 3e0, 30E-1]')).toBe('[3, 3.0, 3.0, 3.0]');
  });

  it('escapes every character as ensure_ascii does', () => {
    expect(roundTrip(String.raw`"\"\\\/\b\f\n\r\t\u0000\u001F\u007f\u0080\u00ff\u0100\u0fff\u1000\uFFFF \u2028~"`)).toBe(
      String.raw`"\"\\/\b\f\n\r\t\u0000\u001f\u007f\u0080\u00ff\u0100\u0fff\u1000\uffff \u2028~"`,
    );
    expect(roundTrip('["é", "😀", "\u007f", "中文"]')).toBe(String.raw`["\u00e9", "\ud83d\ude00", "\u007f", "\u4e2d\u6587"]`);
    let all = '';
    for (let c = 0; c < 0x80; c++) all += String.fromCharCode(c);
    expect(pyQuote(all)).toBe(
      '"' +
        String.raw`\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f` +
        String.raw`\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f` +
        ' !\\"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\u007f"',
    );
  });

  it('keeps unpaired surrogates and joins escaped pairs, as json.loads does', () => {
    expect(roundTrip(String.raw`["\ud83d", "\ude00", "\ud83d\ude00", "\ud83d\ud83d\ude00", "\ude00\ud83d", "\ud83dx"]`)).toBe(
      String.raw`["\ud83d", "\ude00", "\ud83d\ude00", "\ud83d\ud83d\ude00", "\ude00\ud83d", "\ud83dx"]`,
    );
  });

  it('sorts keys by code point, not UTF-16 code unit', () => {
    const src = String.raw`{"\ue000":1, "\ud83d\ude00":2, "\ude00":3, "\ud83d":4, "a":5, "\uffff":6, "\ud800\udc00": 7, "\ud83dx": 8, "\ud83d\ude00a": 9, "\ud83d\ud83d": 10, "\udbff\udfff": 11, "\ud7ff": 12}`;
    expect(roundTrip(src)).toBe(
      String.raw`{"a": 5, "\ud7ff": 12, "\ud83d": 4, "\ud83dx": 8, "\ud83d\ud83d": 10, "\ude00": 3, "\ue000": 1, "\uffff": 6, "\ud800\udc00": 7, "\ud83d\ude00": 2, "\ud83d\ude00a": 9, "\udbff\udfff": 11}`,
    );
    // JavaScript's default order puts U+E000 after the pair; Python's before.
    expect(['\u{1F600}', '\ue000'].sort()).toEqual(['\u{1F600}', '\ue000']);
    expect(['\u{1F600}', '\ue000'].sort(compareCodePoints)).toEqual(['\ue000', '\u{1F600}']);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'a')).toBe(0);
  });

  it('sorts keys in place like sort(compareCodePoints), at every length, stably', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const alphabet = ['a', 'b', 'ab', '', 'é', '\ue000', '\u{1F600}', '\ud800', 'Z', 'a\u{1F600}', 'a\ue000'];
    for (let n = 0; n <= 40; n++) {
      const keys = Array.from({ length: n }, () => alphabet[next() % alphabet.length]! + alphabet[next() % alphabet.length]!);
      const expected = [...keys].sort(compareCodePoints);
      const sorted = sortByCodePoints(keys);
      expect(sorted).toBe(keys);
      expect(sorted).toEqual(expected);
    }
    // Stable like Array.prototype.sort: equal keys keep their order.
    const tagged = ['b', 'a', 'b', 'a'].map((k, i) => Object.assign(new String(k), { i }));
    const order = sortByCodePoints(tagged as unknown as string[]) as unknown as { i: number }[];
    expect(order.map((t) => t.i)).toEqual([1, 3, 0, 2]);
  });

  it('sorts at every depth and uses Python separators', () => {
    expect(roundTrip('{"b": [1, {"z": 1, "a": [true, false, null]}], "a": {"y": "\\u00e9", "x": []}, "": {}}')).toBe(
      '{"": {}, "a": {"x": [], "y": "\\u00e9"}, "b": [1, {"a": [true, false, null], "z": 1}]}',
    );
  });

  it('encodes plain JavaScript values, maps and tagged numbers', () => {
    expect(pyDumps({ b: null, a: [true, 'x'], c: new Map([['k', pyFloat(2)]]), d: pyInt(10n ** 30n), e: 7n })).toBe(
      '{"a": [true, "x"], "b": null, "c": {"k": 2.0}, "d": 1000000000000000000000000000000, "e": 7}',
    );
    expect(pyDumps(Object.assign(Object.create(null) as Record<string, PyInt>, { x: pyInt(-3) }))).toBe('{"x": -3}');
    expect(pyDumps(new PyInt('-0'))).toBe('0');
    expect(() => pyDumps(1 as unknown as null)).toThrow(TypeError);
    expect(() => pyDumps(new Date() as unknown as null)).toThrow(TypeError);
    expect(() => pyInt('01')).toThrow(SyntaxError);
  });

  it('refuses cycles', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => pyDumps(a as never)).toThrow(/Circular/);
  });

  it('encodes deep values without recursion', () => {
    const depth = 100_000;
    expect(pyDumps(parsePyJson('['.repeat(1000) + ']'.repeat(1000)))).toBe('['.repeat(1000) + ']'.repeat(1000));
    let v: unknown = [];
    for (let i = 0; i < depth; i++) v = [v];
    expect(pyDumps(v as never).length).toBe(2 * (depth + 1));
  });
});

describe('parsePyJson: json.loads', () => {
  const rejects = (src: string) => {
    expect(() => parsePyJson(src), JSON.stringify(src).slice(0, 80)).toThrow(PyJsonError);
    expect(() => canonicalPyJson(src), JSON.stringify(src).slice(0, 80)).toThrow(PyJsonError);
  };

  it('keeps number kinds and text', () => {
    const v = parsePyJson('[1, -0, 2.50, 1E300, 1e400, NaN, -Infinity]') as unknown[];
    expect(v[0]).toBeInstanceOf(PyInt);
    expect((v[1] as PyInt).text).toBe('-0');
    expect((v[2] as PyFloat).value).toBe(2.5);
    expect((v[2] as PyFloat).text).toBe('2.50');
    expect((v[3] as PyFloat).value).toBe(1e300);
    expect((v[4] as PyFloat).value).toBe(Infinity);
    expect((v[5] as PyFloat).value).toBeNaN();
    expect((v[6] as PyFloat).value).toBe(-Infinity);
  });

  it('keeps the last value of a repeated key', () => {
    const v = parsePyJson('{"a": 1, "b": 2, "a": 3}') as Map<string, PyInt>;
    expect([...v.keys()]).toEqual(['a', 'b']);
    expect(roundTrip('{"a": 1, "b": 2, "a": 3}')).toBe('{"a": 3, "b": 2}');
    expect(roundTrip('{"__proto__": 1, "constructor": {}}')).toBe('{"__proto__": 1, "constructor": {}}');
  });

  it('limits integer literals to 4300 digits, not floats', () => {
    expect(() => parsePyJson('1'.repeat(4300))).not.toThrow();
    rejects('1'.repeat(4301));
    rejects('-' + '1'.repeat(4301));
    rejects('[' + '1'.repeat(4301) + ']');
    expect(roundTrip('1'.repeat(4301) + '.0')).toBe('Infinity');
    expect(roundTrip('0.' + '1'.repeat(5000))).toBe('0.1111111111111111');
  });

  it('limits nesting depth without recursing', () => {
    expect(PY_JSON_MAX_DEPTH).toBe(1000);
    const ok = '['.repeat(1000) + ']'.repeat(1000);
    expect(() => parsePyJson(ok)).not.toThrow();
    rejects('['.repeat(1001) + ']'.repeat(1001));
    rejects('{"a":'.repeat(1001) + '1' + '}'.repeat(1001));
    rejects('['.repeat(10_000_000));
    expect(() => parsePyJson('[[1]]', { maxDepth: 1 })).toThrow(PyJsonError);
  });

  it('rejects raw control characters in strings, not DEL or U+2028', () => {
    for (let c = 0; c < 0x20; c++) rejects(`"a${String.fromCharCode(c)}b"`);
    rejects('"\\n\u0001"');
    expect(parsePyJson('"\u007f\u2028\u0085"')).toBe('\u007f\u2028\u0085');
  });

  it('accepts only JSON whitespace around the value', () => {
    expect(parsePyJson(' \t\r\n{} \t\r\n')).toEqual(new Map());
    rejects('\u00a0{}');
    rejects('{}\u000b');
    rejects('{}\u00a0');
    rejects('\ufeff{}');
    rejects('{} x');
    rejects('');
    rejects('   ');
  });

  it('canonicalPyJson agrees with pyDumps(parsePyJson()) on the log vectors', () => {
    const lines = fs.readFileSync(path.resolve('test/fixtures/vectors/audit-v1.jsonl'), 'utf8').split('\n').slice(0, -1);
    let parsed = 0;
    for (const line of lines) {
      let viaTree: string;
      try {
        viaTree = pyDumps(parsePyJson(line));
      } catch {
        expect(() => canonicalPyJson(line)).toThrow(PyJsonError);
        continue;
      }
      expect(canonicalPyJson(line)).toBe(viaTree);
      parsed++;
    }
    expect(parsed).toBe(64);
  });

  it('rejects what Python rejects', () => {
    for (const src of [
      '-NaN',
      '+1',
      '.5',
      '1.',
      '01',
      '-',
      '1e',
      '1e+',
      '0x10',
      'nan',
      'inf',
      'Infinity1',
      'NaNa',
      'True',
      'None',
      "'a'",
      '[1,]',
      '[,1]',
      '{"a":1,}',
      '{,}',
      '{"a" 1}',
      '{a:1}',
      '{1:1}',
      '[1 2]',
      '"abc',
      '"\\x41"',
      '"\\u12"',
      '"\\u12G4"',
      '"\\ud83d\\u"',
      '"\\',
      '{"a":',
      '[',
      ']',
      '{"a":1}}',
    ]) {
      rejects(src);
    }
  });

  it('accepts what Python accepts', () => {
    expect(roundTrip('-Infinity')).toBe('-Infinity');
    expect(roundTrip('[NaN,Infinity,-Infinity]')).toBe('[NaN, Infinity, -Infinity]');
    expect(roundTrip('"\\/"')).toBe('"/"');
    expect(roundTrip('1E+2')).toBe('100.0');
    expect(roundTrip('-0.0e-0')).toBe('-0.0');
    expect(roundTrip('"\\u00E9\\u00e9"')).toBe('"\\u00e9\\u00e9"');
  });
});
