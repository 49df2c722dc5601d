import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../src-main/ipc/router';
import { channels, CHANNEL_NAMES, type ChannelName } from '../../../src-main/shared/contract';
import { unstorableInJson, unstorableText } from '../../../src-main/shared/contract/common';
import type { Handlers } from '../../../src-main/shared/handler';
import { sampleOf, stringFields, withValue } from '../../support/contract-samples';
import { recordFigure } from '../../support/figures';

/**
 * Strings PostgreSQL cannot store, sent through every string field of every channel (found by
 * walking the contract's schemas, not listed by hand): each is refused with VALIDATION naming
 * the field, and no handler runs, so nothing reaches the database. Sequelize would otherwise
 * rewrite `\0` in a bound string into the two characters `\0` and store the value altered.
 */

const HOSTILE: { name: string; insert: string }[] = [
  { name: 'U+0000', insert: '\u0000' },
  { name: 'a lone high surrogate', insert: '\ud800' },
  { name: 'a lone low surrogate', insert: '\udc00' },
];

const hostile = (value: string, insert: string) => value.slice(0, 1) + insert + value.slice(1);

/** A router whose every handler fails the test if it is ever called. */
function guardedRouter(called: string[]) {
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [
      name,
      async () => {
        called.push(name);
        throw new Error(`handler ${name} ran`);
      },
    ]),
  ) as unknown as Handlers;
  return createRouter(handlers, { isTrustedSender: () => true });
}

describe('strings PostgreSQL cannot store', () => {
  it('unstorableText finds U+0000 and unpaired surrogates, and passes every other character', () => {
    expect(unstorableText('plain Zoë 😀 李 \u0001 \u007f \uffff')).toBeNull();
    expect(unstorableText('a\u0000b')).toMatch(/U\+0000/);
    expect(unstorableText('\ud83d')).toMatch(/unpaired surrogate \(\\ud83d\)/);
    expect(unstorableText('x\ude00')).toMatch(/\\ude00/);
    expect(unstorableInJson({ a: [1, { b: 'x\u0000' }] })).toEqual({ path: ['a', 1, 'b'], why: expect.stringMatching(/U\+0000/) });
    expect(unstorableInJson({ ['k\u0000']: 1 })).toMatchObject({ path: ['k\u0000'], why: expect.stringMatching(/key/) });
    expect(unstorableInJson({ a: ['fine', 2, null, true] })).toBeNull();
  });

  it('every channel has a valid sample input (the generator reaches every field)', () => {
    for (const name of CHANNEL_NAMES) {
      const res = channels[name].input.safeParse(sampleOf(channels[name].input));
      expect(res.success, `${name}: ${JSON.stringify(res.error?.issues)}`).toBe(true);
    }
  });

  it('are refused with VALIDATION naming the field, in every string field of every channel, before any handler', async () => {
    const called: string[] = [];
    const router = guardedRouter(called);
    let tried = 0;
    let fields = 0;
    let failures = 0;
    for (const name of CHANNEL_NAMES as ChannelName[]) {
      const schema = channels[name].input;
      for (const field of stringFields(schema)) {
        fields++;
        // The field as generated is valid: only the hostile character can make it fail.
        expect(schema.safeParse(field.input).success, `${name} ${field.path.join('.')}`).toBe(true);
        for (const h of HOSTILE) {
          tried++;
          const input = withValue(field.input, field.path, hostile(field.value, h.insert), field.isKey);
          const parsed = schema.safeParse(input);
          const where = field.path.slice(0, field.isKey ? -1 : undefined).join('.');
          const issue = parsed.error?.issues.find((i) => i.path.join('.').startsWith(where));
          if (parsed.success || !issue) failures++;
          expect(parsed.success, `${name} ${field.path.join('.')} took ${h.name}`).toBe(false);
          expect(issue, `${name}: no issue at ${where}`).toBeDefined();
          const envelope = await router.dispatch(name, input, { url: 'test' });
          expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
          if (!envelope.ok && where) expect(envelope.error.message).toContain(where.split('.')[0]);
        }
      }
    }
    // Metadata is JSON: strings at any depth, and keys, are checked too.
    for (const meta of [{ a: { b: ['x\u0000'] } }, { ['k\u0000']: 1 }, { a: '\ud800' }]) {
      tried++;
      const envelope = await router.dispatch('users/create', { email: 'a@b.co', name: 'A', role: 'user', metadata: meta }, { url: 't' });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('metadata') } });
    }
    expect(called).toEqual([]);
    expect(fields).toBeGreaterThan(40);
    recordFigure('nul-through-every-string-field', {
      what: 'Strings PostgreSQL cannot store (U+0000, lone surrogates) sent through every string field of every IPC channel',
      inputs: tried,
      failures,
      detail: `${fields} string fields over ${CHANNEL_NAMES.length} channels; 0 handlers reached`,
    });
  });

  it('a profile refuses U+0000 in its application name and database (it would fail later as CONNECTION_REFUSED)', () => {
    const base = { name: 'p', host: 'h', database: 'gov', user: 'u' };
    for (const patch of [{ applicationName: 'console\u0000x' }, { database: 'g\u0000ov' }, { host: 'h\u0000' }]) {
      const res = channels['profiles/create'].input.safeParse({ profile: { ...base, ...patch } });
      expect(res.success).toBe(false);
      expect(res.error!.issues[0]!.path).toEqual(['profile', Object.keys(patch)[0]]);
      expect(res.error!.issues[0]!.message).toMatch(/U\+0000/);
    }
  });
});
