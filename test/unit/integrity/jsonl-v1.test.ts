import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonlV1CanonicalText, verifyJsonlLine, verifyJsonlText } from '../../../src-main/integrity/jsonl-v1';
import { parsePyJson } from '../../../src-main/integrity/python-json';
import type { PyDict } from '../../../src-main/integrity/python-json';
import { sha256Hex } from '../../../src-main/integrity/sha256';
import { isoTimestampToPyStr } from '../../../src-main/integrity/py-datetime';

const dir = path.resolve('test/fixtures/vectors');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'audit-v1.expected.json'), 'utf8')) as {
  line: number;
  expect: 'ok' | 'tampered' | 'malformed';
  reason?: string;
}[];
const file = fs.readFileSync(path.join(dir, 'audit-v1.jsonl'));

function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(0x0a, start);
    if (nl === -1) nl = buf.length;
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return lines;
}

const vectorLines = splitLines(file);
const line = (s: string) => Buffer.from(s, 'utf8');

describe('jsonl-v1 vectors', () => {
  it('has one expectation per line', () => {
    expect(vectorLines).toHaveLength(66);
    expect(expected.map((e) => e.line)).toEqual(vectorLines.map((_, i) => i + 1));
  });

  it.each(expected.map((e) => [e.line, e] as const))('line %i comes out as expected', (n, e) => {
    const result = verifyJsonlLine(vectorLines[n - 1]!);
    expect(result.verdict).toBe(e.expect);
    // The shared file gives no reasons today; check them if it ever does.
    if (e.reason !== undefined) expect(result.reason).toBe(e.reason);
    if (e.expect === 'ok') expect(result.computed).toBe(result.stored);
    if (e.expect === 'tampered') expect(result.reason).toBe('hash-mismatch');
  });

  it('hashes the same through the value tree (parsePyJson + jsonlV1CanonicalText)', () => {
    for (const e of expected.filter((x) => x.expect !== 'malformed')) {
      const entry = parsePyJson(vectorLines[e.line - 1]!.toString('utf8')) as PyDict;
      const text = jsonlV1CanonicalText(entry, isoTimestampToPyStr(entry.get('timestamp') as string)!);
      expect(sha256Hex(text) === entry.get('integrity_hash'), `line ${e.line}`).toBe(e.expect === 'ok');
      expect(sha256Hex(text)).toBe(verifyJsonlLine(vectorLines[e.line - 1]!).computed);
    }
  });

  it('gives the reasons we expect for the non-ok vectors', () => {
    const reasons = expected.filter((e) => e.expect !== 'ok').map((e) => [e.line, verifyJsonlLine(vectorLines[e.line - 1]!).reason]);
    // Lines 12 and 13 are cut short (not JSON); the rest were edited after hashing.
    expect(reasons.filter(([, r]) => r !== 'hash-mismatch')).toEqual([
      [12, 'bad-json'],
      [13, 'bad-json'],
    ]);
  });
});

// One entry hashed by CPython 3.11 (hashlib.sha256(json.dumps(entry, sort_keys=True,
// default=str).encode()).hexdigest() with timestamp = datetime(2026, 3, 10, 13, 44, 44, 120000)),
// then written several ways. Verdicts checked against Python's json.loads + the same hash.
const HASH = '315ebbd9e38324b13e72d372de6bbce004dd170479ba6bede2cbf2fd6052956b';
const AS_WRITTEN = String.raw`{"trace_id": "0c607fe9-a4d5-4af8-9127-bd471e7ce857", "timestamp": "2026-03-10T13:44:44.120000", "aim": {"actor": {"name": "Zo\u00eb \ud83d\ude00", "email": null, "role": "SRE"}}, "drag_mode": "draft", "workflow_name": "w", "parameters": {"ratio": 2.5, "big": 1e+300, "zero": 0, "n": NaN, "inf": Infinity, "huge": 123456789012345678901234567890, "lone": "\ud83d", "f": 3.0}, "outcome": "success", "error": null, "duration_seconds": 1e-07, "integrity_hash": "315ebbd9e38324b13e72d372de6bbce004dd170479ba6bede2cbf2fd6052956b"}`;

describe('jsonl-v1 hashes values, not text', () => {
  it('verifies the line as the service wrote it', () => {
    expect(verifyJsonlLine(line(AS_WRITTEN))).toEqual({ verdict: 'ok', computed: HASH, stored: HASH });
  });

  it('verifies other key order, spacing, raw characters, number spellings, repeated keys', () => {
    const variant = String.raw`{"integrity_hash":"315ebbd9e38324b13e72d372de6bbce004dd170479ba6bede2cbf2fd6052956b","duration_seconds":0.0000001,"error":null,"outcome":"failure","outcome":"success","parameters":{"f":3.00,"lone":"\uD83D","huge":123456789012345678901234567890,"inf":Infinity,"n":NaN,"zero":-0,"big":1E300,"ratio":2.50},"workflow_name":"w","drag_mode":"draft","aim":{"actor":{"role":"SRE","email":null,"name":"Zoë 😀"}},"timestamp":"2026-03-10T13:44:44.12","trace_id":"0c607fe9-a4d5-4af8-9127-bd471e7ce857"}`;
    expect(verifyJsonlLine(line(variant)).verdict).toBe('ok');
    const spaced = String.raw` 	{ "\u0074race_id" : "0c607fe9-a4d5-4af8-9127-bd471e7ce857" , "timestamp" : "2026-03-10T13:44:44.120" , "aim" : { "actor" : { "name" : "Zo\u00EB \uD83D\uDE00" , "email" : null , "role" : "S\u0052E" } } , "drag_mode" : "draft" , "workflow_name" : "w" , "parameters" : { "ratio" : 25e-1 , "big" : 1.0e300 , "zero" : 0 , "n" : NaN , "inf" : 1e999 , "huge" : 123456789012345678901234567890 , "lone" : "\ud83d" , "f" : 3e0 } , "outcome" : "success" , "error" : null , "duration_seconds" : 1E-7 , "integrity_hash" : "315ebbd9e38324b13e72d372de6bbce004dd170479ba6bede2cbf2fd6052956b" } `;
    expect(verifyJsonlLine(line(spaced)).verdict).toBe('ok');
  });

  it('allows a CR before the newline', () => {
    expect(verifyJsonlLine(line(AS_WRITTEN + '\r')).verdict).toBe('ok');
    expect(verifyJsonlLine(line(AS_WRITTEN + ' \r\t')).verdict).toBe('ok');
  });

  it('sees an int written for a float as a change', () => {
    const r = verifyJsonlLine(line(AS_WRITTEN.replace('"f": 3.0', '"f": 3')));
    expect(r).toMatchObject({ verdict: 'tampered', reason: 'hash-mismatch', stored: HASH });
  });

  it('sees an uppercase stored hash as tampered', () => {
    expect(verifyJsonlLine(line(AS_WRITTEN.replace(HASH, HASH.toUpperCase())))).toMatchObject({
      verdict: 'tampered',
      reason: 'hash-mismatch',
    });
  });

  it('sees a missing or extra key as a change', () => {
    expect(verifyJsonlLine(line(AS_WRITTEN.replace('"error": null, ', ''))).verdict).toBe('tampered');
    expect(verifyJsonlLine(line(AS_WRITTEN.replace('"error": null, ', '"error": null, "x": 1, '))).verdict).toBe('tampered');
  });
});

describe('jsonl-v1 malformed lines', () => {
  const reason = (bytes: Buffer | string) => {
    const r = verifyJsonlLine(typeof bytes === 'string' ? line(bytes) : bytes);
    return `${r.verdict}/${r.reason}`;
  };
  const withTs = (ts: string) => AS_WRITTEN.replace('"2026-03-10T13:44:44.120000"', ts);

  it('bad UTF-8, BOM, blank', () => {
    expect(reason(Buffer.from([0x7b, 0xff, 0x7d]))).toBe('malformed/bad-utf8');
    expect(reason(Buffer.from([0xc3]))).toBe('malformed/bad-utf8');
    expect(reason(Buffer.from('{"a": "\xed\xa0\xbd"}', 'latin1'))).toBe('malformed/bad-utf8'); // an encoded surrogate
    expect(reason(Buffer.from('{"a": "\xc0\xaf"}', 'latin1'))).toBe('malformed/bad-utf8'); // overlong
    expect(reason(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), line(AS_WRITTEN)]))).toBe('malformed/bom');
    expect(reason('')).toBe('malformed/blank');
    expect(reason(' \t\r')).toBe('malformed/blank');
  });

  it('not JSON, not an object', () => {
    expect(reason('{"a": 1')).toBe('malformed/bad-json');
    expect(reason(AS_WRITTEN + ' x')).toBe('malformed/bad-json');
    expect(reason(AS_WRITTEN + '\u00a0')).toBe('malformed/bad-json');
    expect(reason('\u000b' + AS_WRITTEN)).toBe('malformed/bad-json');
    expect(reason(AS_WRITTEN.replace('"w"', '"w\u0001"'))).toBe('malformed/bad-json');
    expect(reason(AS_WRITTEN.replace('123456789012345678901234567890', '9'.repeat(4301)))).toBe('malformed/bad-json');
    expect(reason('{"a":' + '['.repeat(1000) + ']'.repeat(1000) + '}')).toBe('malformed/bad-json');
    expect(reason('['.repeat(100_000))).toBe('malformed/bad-json');
    expect(reason('[]')).toBe('malformed/not-object');
    expect(reason('"x"')).toBe('malformed/not-object');
    expect(reason('null')).toBe('malformed/not-object');
  });

  it('no string integrity_hash', () => {
    expect(reason(AS_WRITTEN.replace(`"integrity_hash": "${HASH}"`, '"integrity_hash": null'))).toBe('malformed/missing-hash');
    expect(reason(AS_WRITTEN.replace(`, "integrity_hash": "${HASH}"`, ''))).toBe('malformed/missing-hash');
    expect(reason('{"timestamp": "2026-03-10T13:44:44", "integrity_hash": 1}')).toBe('malformed/missing-hash');
  });

  it('no valid timestamp', () => {
    for (const ts of [
      'null',
      '1',
      '"2026-03-10 13:44:44.120000"',
      '"2026-03-10T13:44:44.1234567"',
      '"2026-03-10T13:44:44."',
      '"2026-03-10T13:44:44Z"',
      '"2026-03-10T13:44:44+00:00"',
      '"2026-02-29T00:00:00"',
      '"2026-03-10T24:00:00"',
      '"0000-01-01T00:00:00"',
      '"10000-01-01T00:00:00"',
      '"2026-3-10T13:44:44"',
      '"2026-03-10t13:44:44"',
      '"\uff12026-03-10T13:44:44"',
    ]) {
      expect(reason(withTs(ts)), ts).toBe('malformed/bad-timestamp');
    }
    expect(reason(AS_WRITTEN.replace('"timestamp": "2026-03-10T13:44:44.120000", ', ''))).toBe('malformed/bad-timestamp');
  });

  it('checks the hash only once the timestamp is valid', () => {
    expect(verifyJsonlText(withTs('"2024-02-29T23:59:59.999999"'))).toMatchObject({ verdict: 'tampered' });
  });
});

describe('str(datetime) of a log timestamp', () => {
  it.each([
    ['2026-03-10T13:44:44', '2026-03-10 13:44:44'],
    ['2026-03-10T13:44:44.5', '2026-03-10 13:44:44.500000'],
    ['2026-03-10T13:44:44.000500', '2026-03-10 13:44:44.000500'],
    ['2026-03-10T13:44:44.000000', '2026-03-10 13:44:44'],
    ['2026-03-10T13:44:44.0', '2026-03-10 13:44:44'],
    ['0001-01-01T00:00:00.000001', '0001-01-01 00:00:00.000001'],
    ['9999-12-31T23:59:59.999999', '9999-12-31 23:59:59.999999'],
  ])('%s -> %s', (iso, str) => {
    expect(isoTimestampToPyStr(iso)).toBe(str);
  });
});
