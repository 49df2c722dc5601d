import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbV1Hash } from '../../../../src-main/integrity/db-v1';
import { verifyJsonlLine } from '../../../../src-main/integrity/jsonl-v1';
import { PyFloat, PyInt } from '../../../../src-main/integrity/py-value';
import { importLine, type ImportLineResult } from '../../../../src-main/domains/import/map-line';
import { fitsNumeric10_3, normaliseUuid, unstorableText } from '../../../../src-main/domains/import/value-checks';
import { jsonlV1Line, sampleEntries, sampleLogLines, type SampleEntry } from '../../../../src-main/domains/demo/sample-log';

const vectors = fs.readFileSync(path.resolve('test/fixtures/vectors/audit-v1.jsonl'));
const expected = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/vectors/audit-v1.expected.json'), 'utf8')) as {
  line: number;
  expect: 'ok' | 'tampered' | 'malformed';
}[];
const vectorLines = vectors
  .toString('latin1')
  .split('\n')
  .slice(0, -1)
  .map((l) => Buffer.from(l, 'latin1'));
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** importLine's verdict, in verifyJsonlLine's terms. */
function verdictOf(r: ImportLineResult): { verdict: string; reason?: string } {
  return r.status === 'not-ok' ? { verdict: r.verdict, reason: r.reason } : { verdict: 'ok' };
}

/** A valid entry, with top-level keys and `aim` members replaced (undefined removes a key). */
function entry(overrides: Partial<Record<string, unknown>> = {}, aim: Record<string, unknown> = {}): SampleEntry {
  const aimMembers = Object.fromEntries(
    Object.entries({
      actor: { name: 'Jake Smith', email: 'jake@example.org', role: 'SRE' },
      input: { sources: [{ type: 'file', description: 'Runbook', location: null }], constraints: ['PII redacted'] },
      mission: { objective: 'Ship it', success_criteria: ['Zero downtime'] },
      ...aim,
    }).filter(([, v]) => v !== undefined),
  );
  const base: SampleEntry = {
    trace_id: '0c607fe9-a4d5-4af8-9127-bd471e7ce857',
    timestamp: '2026-03-10T13:44:44.120000',
    aim: aimMembers as unknown as SampleEntry,
    drag_mode: 'draft',
    workflow_name: 'sync-slack',
    parameters: { ratio: new PyFloat(2.5), n: new PyInt('3') },
    outcome: 'success',
    error: null,
    duration_seconds: new PyFloat(123.456),
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete base[k];
    else base[k] = v as SampleEntry[string];
  }
  return base;
}

function mapped(e: SampleEntry) {
  const r = importLine(utf8(jsonlV1Line(e)));
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.row;
}

function unmappable(e: SampleEntry): { reason: string; message: string } {
  const r = importLine(utf8(jsonlV1Line(e)));
  if (r.status !== 'unmappable') throw new Error(`expected unmappable, got ${JSON.stringify(r)}`);
  return { reason: r.reason, message: r.message };
}

describe('importLine gives exactly verifyJsonlLine’s verdict', () => {
  it('on every shared vector', () => {
    expect(vectorLines).toHaveLength(66);
    for (const [i, line] of vectorLines.entries()) {
      const ours = verdictOf(importLine(line));
      const theirs = verifyJsonlLine(line);
      const theirVerdict = { verdict: theirs.verdict, ...(theirs.reason ? { reason: theirs.reason } : {}) };
      expect({ line: i + 1, ...ours }).toEqual({ line: i + 1, ...theirVerdict });
      expect(ours.verdict).toBe(expected[i]!.expect);
    }
  });

  it('on edited and broken lines (byte-level, JSON-level and hash-level)', () => {
    const ok = jsonlV1Line(entry());
    const variants: Buffer[] = [
      utf8(ok),
      utf8(ok + '\r'),
      utf8(' \t' + ok + ' '),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(ok)]),
      Buffer.from([0x7b, 0xff, 0x7d]),
      utf8(''),
      utf8(' \r'),
      utf8('[1, 2]'),
      utf8('"text"'),
      utf8(ok.slice(0, -1)),
      utf8(ok + 'x'),
      utf8(ok.replace('"integrity_hash": "', '"integrity_hash": 1, "x": "')),
      utf8(ok.replace(/"integrity_hash": "([0-9a-f]+)"/, (_m, h: string) => `"integrity_hash": "${h.toUpperCase()}"`)),
      utf8(ok.replace('2026-03-10T13:44:44.120000', '2026-03-10T13:44:44.12')),
      utf8(ok.replace('2026-03-10T13:44:44.120000', '2026-02-30T13:44:44')),
      utf8(ok.replace('2026-03-10T13:44:44.120000', '2026-03-10 13:44:44')),
      utf8(ok.replace('"Jake Smith"', '"Jake  Smith"')),
      utf8(ok.replace('"ratio": 2.5', '"ratio": 2.50')),
      utf8(ok.replace('"ratio": 2.5', '"ratio": 25e-1')),
      utf8(ok.replace('"ratio": 2.5', '"ratio": NaN')),
      utf8(ok.replace('"n": 3', '"n": 3, "n": 4')),
      utf8(ok.replace('{"trace_id"', '{"timestamp": "2026-01-01T00:00:00", "trace_id"')),
      utf8(ok.replace('"Jake Smith"', '"Jake \\u0000 Smith"')),
      utf8(ok.replace('"Jake Smith"', '"Jake \\ud800"')),
      utf8(ok.replace('"Jake Smith"', '"Jake\tSmith"')),
      utf8('{"a": ' + '['.repeat(1200) + ']'.repeat(1200) + '}'),
    ];
    for (const line of variants) {
      const theirs = verifyJsonlLine(line);
      expect(verdictOf(importLine(line)), line.toString('utf8').slice(0, 80)).toEqual({
        verdict: theirs.verdict,
        ...(theirs.reason ? { reason: theirs.reason } : {}),
      });
    }
  });

  it('on generated logs', () => {
    for (const line of sampleLogLines({ lines: 300, seed: 11 })) {
      expect(verifyJsonlLine(utf8(line)).verdict).toBe('ok');
      expect(importLine(utf8(line)).status).toBe('ok');
    }
  });
});

describe('the mapping onto audit_logs', () => {
  it('maps every field, keeps microseconds, writes jsonb as json.dumps does and hashes the row by db-v1', () => {
    const line = jsonlV1Line(entry({ error: 'Timeout after 30s' }));
    const r = importLine(utf8(line));
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.text).toBe(line);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.row).toEqual({
      trace_id: '0c607fe9-a4d5-4af8-9127-bd471e7ce857',
      actor_name: 'Jake Smith',
      actor_email: 'jake@example.org',
      actor_role: 'SRE',
      drag_mode: 'draft',
      workflow_name: 'sync-slack',
      parameters: '{"n": 3, "ratio": 2.5}',
      outcome: 'success',
      error: 'Timeout after 30s',
      duration_seconds: '123.456',
      input_sources: '[{"description": "Runbook", "location": null, "type": "file"}]',
      input_constraints: '["PII redacted"]',
      mission_objective: 'Ship it',
      mission_success_criteria: '["Zero downtime"]',
      integrity_hash: dbV1Hash({
        trace_id: '0c607fe9-a4d5-4af8-9127-bd471e7ce857',
        actor_name: 'Jake Smith',
        actor_email: 'jake@example.org',
        actor_role: 'SRE',
        drag_mode: 'draft',
        workflow_name: 'sync-slack',
        outcome: 'success',
        created_at: '2026-03-10 13:44:44.12',
      }),
      created_at: '2026-03-10 13:44:44.120000',
    });
  });

  it('takes whole seconds, nulls, missing keys, odd trace_id spellings and unicode as PostgreSQL will store them', () => {
    const row = mapped(
      entry(
        {
          trace_id: '{0C607FE9A4D54AF89127BD471E7CE857}',
          timestamp: '2026-03-10T13:44:44',
          parameters: undefined,
          duration_seconds: null,
          error: undefined,
        },
        { actor: { name: 'Zoë 😀 \\ "q"', email: null }, input: undefined, mission: { objective: null, success_criteria: null } },
      ),
    );
    expect(row).toMatchObject({
      trace_id: '0c607fe9-a4d5-4af8-9127-bd471e7ce857',
      created_at: '2026-03-10 13:44:44',
      actor_name: 'Zoë 😀 \\ "q"',
      actor_email: null,
      actor_role: null,
      parameters: '{}',
      duration_seconds: null,
      error: null,
      input_sources: '[]',
      input_constraints: '[]',
      mission_objective: null,
      mission_success_criteria: null,
    });
    expect(row.integrity_hash).toBe(dbV1Hash({ ...row, created_at: '2026-03-10 13:44:44' }));
  });

  it('writes numbers as Python sends them: integers exactly, floats as repr', () => {
    const parameters = { big: new PyInt('123456789012345678901234567890'), tiny: new PyFloat(1e-7) };
    const row = mapped(entry({ duration_seconds: new PyInt('7'), parameters }));
    expect(row.duration_seconds).toBe('7');
    expect(row.parameters).toBe('{"big": 123456789012345678901234567890, "tiny": 1e-07}');
  });

  it('refuses ok lines that would break the table’s constraints, with a reason and a message', () => {
    const cases: [SampleEntry, string, RegExp][] = [
      [entry({ trace_id: 'not-a-uuid' }), 'bad-trace-id', /not a UUID/],
      [entry({ trace_id: undefined }), 'bad-trace-id', /missing/],
      [entry({ trace_id: new PyInt('5') }), 'bad-trace-id', /not a string/],
      [entry({ aim: 'x' }), 'bad-aim', /aim is not an object/],
      [entry({}, { actor: ['x'] }), 'bad-aim', /aim.actor is not an object/],
      [entry({}, { actor: { email: 'a@b.c' } }), 'bad-actor-name', /aim.actor.name is missing/],
      [entry({ aim: undefined }), 'bad-actor-name', /missing/],
      [entry({}, { actor: { name: null } }), 'bad-actor-name', /null/],
      [entry({}, { actor: { name: 'x'.repeat(256) } }), 'bad-actor-name', /256 characters.*at most 255/],
      [entry({}, { actor: { name: 'Jake\u0000' } }), 'nul-not-storable', /aim.actor.name contains U\+0000/],
      [entry({}, { actor: { name: 'Jake \ud800' } }), 'bad-actor-name', /unpaired surrogate/],
      [entry({}, { actor: { name: 'J', email: new PyInt('1') } }), 'bad-actor-email', /not a string/],
      [entry({}, { actor: { name: 'J', role: 'r'.repeat(51) } }), 'bad-actor-role', /at most 50/],
      [entry({ drag_mode: 'turbo' }), 'bad-drag-mode', /"turbo" is not one of draft, research, grunt, execute/],
      [entry({ drag_mode: 'Draft' }), 'bad-drag-mode', /not one of/],
      [entry({ drag_mode: undefined }), 'bad-drag-mode', /missing/],
      [entry({ workflow_name: 'w'.repeat(101) }), 'bad-workflow-name', /101 characters.*at most 100/],
      [entry({ outcome: 'maybe' }), 'bad-outcome', /not one of success, failure, rejected/],
      [entry({ error: { code: 5n } }), 'bad-error', /not a string/],
      [entry({ duration_seconds: new PyFloat(12345678.9) }), 'bad-duration', /does not fit numeric\(10,3\)/],
      [entry({ duration_seconds: new PyFloat(Infinity) }), 'bad-duration', /Infinity/],
      [entry({ duration_seconds: 'fast' }), 'bad-duration', /not a number/],
      [entry({ duration_seconds: true }), 'bad-duration', /not a number/],
      [entry({ parameters: { x: new PyFloat(NaN) } }), 'bad-parameters', /NaN/],
      [entry({ parameters: { 'k\u0000': 1n } }), 'nul-not-storable', /parameters has a key that contains U\+0000/],
      [entry({ parameters: ['\udc00'] }), 'bad-parameters', /unpaired surrogate/],
      [entry({}, { input: { sources: [new PyFloat(-Infinity)] } }), 'bad-input-sources', /-Infinity/],
      [entry({}, { input: { constraints: ['\u0000'] } }), 'nul-not-storable', /U\+0000/],
      [entry({}, { mission: { objective: 3n } }), 'bad-mission-objective', /not a string/],
      [entry({}, { mission: { success_criteria: [new PyFloat(NaN)] } }), 'bad-success-criteria', /NaN/],
    ];
    for (const [e, reason, message] of cases) {
      const r = unmappable(e);
      expect(r.reason, r.message).toBe(reason);
      expect(r.message).toMatch(message);
    }
  });

  it('accepts the limits themselves and characters above U+FFFF as one character each', () => {
    const atLimits = { workflow_name: '😀'.repeat(100), duration_seconds: new PyFloat(9999999.999) };
    const row = mapped(entry(atLimits, { actor: { name: 'n'.repeat(255), role: 'r'.repeat(50) } }));
    expect(row.workflow_name).toHaveLength(200);
    expect(row.duration_seconds).toBe('9999999.999');
  });

  it('maps the shared vectors: ok lines map, except those whose duration overflows numeric(10,3)', () => {
    const unmappableLines = vectorLines
      .map((l, i) => [i + 1, importLine(l)] as const)
      .filter(([, r]) => r.status === 'unmappable')
      .map(([n, r]) => [n, r.status === 'unmappable' ? r.reason : '']);
    expect(unmappableLines).toEqual([
      [25, 'bad-duration'],
      [31, 'bad-duration'],
      [57, 'bad-duration'],
    ]);
  });
});

describe('helpers', () => {
  it('fitsNumeric10_3 follows PostgreSQL’s rounding to 3 decimals', () => {
    const fits = ['0', '-0', '0.0', '123.456', '9999999.999', '9999999.9994999', '-9999999.9994'];
    for (const ok of [...fits, '1e-07', '1e+06', '9.9999999994e6', '00012']) {
      expect(fitsNumeric10_3(ok), ok).toBe(true);
    }
    const overflows = ['10000000', '9999999.9995', '-9999999.9995', '12345678.9', '1e+07', '1e+300', '123456789012345678901234567890'];
    for (const no of [...overflows, 'NaN', 'Infinity', 'x']) {
      expect(fitsNumeric10_3(no), no).toBe(false);
    }
  });

  it('normaliseUuid reads what PostgreSQL’s uuid type reads', () => {
    const canonical = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    const readable = [
      canonical,
      canonical.toUpperCase(),
      `{${canonical}}`,
      canonical.replaceAll('-', ''),
      'a0eebc999c0b4ef8bb6d6bb9bd380a11',
      'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11',
    ];
    for (const s of readable) {
      expect(normaliseUuid(s), s).toBe(canonical);
    }
    const unreadable = [
      '',
      'x',
      `{${canonical}`,
      `${canonical}}`,
      `-${canonical}`,
      `${canonical}-`,
      canonical.replace('-', '--'),
      canonical.slice(0, -1),
      `${canonical}0`,
      canonical.replace('a', 'g'),
    ];
    for (const s of unreadable) {
      expect(normaliseUuid(s), s).toBeNull();
    }
  });

  it('unstorableText finds U+0000 and unpaired surrogates, and nothing else', () => {
    expect(unstorableText('plain Zoë 😀')).toBeNull();
    expect(unstorableText('a\u0000b')).toMatch(/U\+0000/);
    expect(unstorableText('\ud83d')).toMatch(/\\ud83d/);
    expect(unstorableText('x\ude00')).toMatch(/\\ude00/);
    expect(unstorableText('\ude00\ud83d')).toMatch(/unpaired/);
  });

  it('the sample generator writes lines the verifier calls ok, with the service’s key order', () => {
    const [first] = sampleEntries({ lines: 1, seed: 3 });
    const line = jsonlV1Line(first!);
    expect(line.startsWith('{"trace_id": "')).toBe(true);
    expect(line).toMatch(/, "integrity_hash": "[0-9a-f]{64}"\}$/);
    expect(verifyJsonlLine(utf8(line)).verdict).toBe('ok');
    expect([...sampleLogLines({ lines: 5, seed: 3 })]).toEqual([...sampleLogLines({ lines: 5, seed: 3 })]);
    expect(() => jsonlV1Line({ ...first!, timestamp: '2026-03-10 13:44:44' })).toThrow(/isoformat/);
  });
});
