import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, normaliseFilter, parseFilter, parseTime, printFilter } from '../../../src-main/shared/model/audit-filter';

describe('the audit filter grammar (docs/audit-filter.md)', () => {
  it('parses the documented example into each key', () => {
    expect(parseFilter('actor:ann mode:execute outcome:failure since:2026-01-01T00:00Z text:"timeout"')).toEqual({
      actor: 'ann',
      mode: ['execute'],
      outcome: ['failure'],
      since: { kind: 'absolute', utc: '2026-01-01 00:00:00.000000' },
      text: 'timeout',
    });
  });

  it('takes lists by comma or by repeating a key, quoted values with escapes, and free words as text', () => {
    expect(parseFilter('mode:draft,grunt mode:execute workflow:"odd, name" workflow:plain')).toEqual({
      mode: ['draft', 'grunt', 'execute'],
      workflow: ['odd, name', 'plain'],
    });
    expect(parseFilter('text:"say \\"hi\\" \\\\ now"').text).toBe('say "hi" \\ now');
    expect(parseFilter('  upstream   503 ').text).toBe('upstream 503');
    expect(parseFilter('TRACE:6C0F3459-F79B-47AE-AFBA-91FC803468B6').trace).toBe('6c0f3459-f79b-47ae-afba-91fc803468b6');
    expect(parseFilter('')).toEqual({});
  });

  it('reads times in UTC unless an offset is given, keeps microseconds, refuses dates that do not exist', () => {
    expect(parseTime('2026-03-01')).toEqual({ kind: 'absolute', utc: '2026-03-01 00:00:00.000000' });
    expect(parseTime('2026-03-01T14:10:05.12345Z')).toEqual({ kind: 'absolute', utc: '2026-03-01 14:10:05.123450' });
    expect(parseTime('2026-03-01T01:00+02:00')).toEqual({ kind: 'absolute', utc: '2026-02-28 23:00:00.000000' });
    expect(parseTime('7d')).toEqual({ kind: 'relative', seconds: 7 * 86_400, text: '7d' });
    expect(parseTime('2026-02-30')).toBeNull();
    expect(parseTime('2026-01-01T24:00Z')).toBeNull();
    expect(parseTime('yesterday')).toBeNull();
  });

  it('prints a canonical string that parses back to the same filter', () => {
    const texts = [
      'text:timeout outcome:failure,rejected actor:"Ann Lee" since:2026-01-01T00:00:00.5Z until:24h',
      'workflow:"a,b" workflow:c mode:grunt role:sre trace:6c0f3459-f79b-47ae-afba-91fc803468b6',
      'text:"mode:execute"',
    ];
    for (const t of texts) {
      const f = parseFilter(t);
      const printed = printFilter(f);
      expect(parseFilter(printed)).toEqual(f);
      expect(printFilter(parseFilter(printed))).toBe(printed);
    }
    expect(printFilter(parseFilter('outcome:failure since:2026-01-01 actor:ann'))).toBe(
      'since:2026-01-01T00:00:00Z actor:ann outcome:failure',
    );
  });

  it('says what is wrong and where', () => {
    const error = (t: string) => {
      const r = normaliseFilter(t);
      if (r.ok) throw new Error(`expected ${t} to fail`);
      expect(r.error).toBeInstanceOf(FilterSyntaxError);
      return r.error.message;
    };
    expect(error('colour:red')).toMatch(/Unknown filter key "colour" \(at 1\)/);
    expect(error('mode:flying')).toMatch(/mode: is one of draft, research, grunt, execute/);
    expect(error('text:"open')).toMatch(/quote opened at 6 is not closed/);
    expect(error('actor: ann')).toMatch(/actor: has no value/);
    expect(error('since:soon')).toMatch(/since:soon is not a time/);
    expect(error('actor:a actor:b')).toMatch(/actor: is given twice/);
    expect(error('trace:123')).toMatch(/trace: is a UUID/);
    expect(error('free text:"and text"')).toMatch(/Free words and text: both given/);
    expect(error('x'.repeat(2001))).toMatch(/at most 2000 characters/);
  });
});
