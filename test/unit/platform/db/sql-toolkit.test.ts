import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/shared/errors';
import { checkScopes, expiryOf } from '../../../../src-main/domains/api-keys/validate';
import { emailProblem } from '../../../../src-main/domains/users/validate';
import { Params, containsPattern } from '../../../../src-main/platform/db/sql/params';
import { checkMetadata } from '../../../../src-main/platform/db/sql/values';
import { decodeCursor, encodeCursor } from '../../../../src-main/platform/db/sql/cursor';
import { ISO_TS_RE, pgTimestamp } from '../../../../src-main/platform/db/sql/timestamps';
import { keysetCondition } from '../../../../src-main/platform/db/sql/keyset';
import { toAppError } from '../../../../src-main/platform/db/errors';

describe('the email rule', () => {
  it('is the table check: local@domain.tld, ASCII letters, digits and ._%+- only, any case', () => {
    for (const ok of ['a@b.co', 'A_B%c+d-e.f@x-y.Z.ORG', 'x@1.2.com']) expect(emailProblem(ok), ok).toBeNull();
    for (const bad of [
      'a@b',
      'a@b.c',
      '@b.co',
      'a@.co',
      'a b@c.co',
      'a@b.co\n',
      'é@b.co',
      'a@b.c0',
      'a@b@c.co',
      `${'a'.repeat(251)}@b.co`,
    ]) {
      expect(emailProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });
});

describe('scopes and expiry', () => {
  it('keeps a non-empty subset of the five scopes, in canonical order without repeats', () => {
    expect(checkScopes(['write', 'read', 'write'])).toEqual(['read', 'write']);
    expect(() => checkScopes([])).toThrow(AppError);
    expect(() => checkScopes(['read', 'root'])).toThrow(/root/);
  });

  it('expires in 90 days by default, never only when asked', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(expiryOf(undefined, now)?.toISOString()).toBe('2030-04-01T00:00:00.000Z');
    expect(expiryOf({ days: 1 }, now)?.toISOString()).toBe('2030-01-02T00:00:00.000Z');
    expect(expiryOf({ never: true }, now)).toBeNull();
    expect(() => expiryOf({ days: 0 }, now)).toThrow(AppError);
    expect(() => expiryOf({ days: 1.5 }, now)).toThrow(AppError);
    expect(() => expiryOf({ never: false } as never, now)).toThrow(AppError);
  });
});

describe('paging helpers', () => {
  it('round-trips cursors and refuses tampered or foreign ones', () => {
    const c = encodeCursor({ k: 'users:x', v: '2030-01-01T00:00:00.000000Z', id: '0e4f8a44-6c1b-4d8e-9b1e-2d3c4b5a6f70' });
    expect(decodeCursor(c, 'users:x', ISO_TS_RE)).toEqual({
      k: 'users:x',
      v: '2030-01-01T00:00:00.000000Z',
      id: '0e4f8a44-6c1b-4d8e-9b1e-2d3c4b5a6f70',
    });
    expect(() => decodeCursor(c, 'users:y', ISO_TS_RE)).toThrow(/another sort order/);
    expect(() => decodeCursor('garbage!', 'users:x', ISO_TS_RE)).toThrow(AppError);
    const evil = encodeCursor({ k: 'users:x', v: "1'; DROP TABLE users; --", id: '0e4f8a44-6c1b-4d8e-9b1e-2d3c4b5a6f70' });
    expect(() => decodeCursor(evil, 'users:x', ISO_TS_RE)).toThrow(AppError);
  });

  it('binds cursor values, never inlines them', () => {
    const p = new Params();
    const sql = keysetCondition(p, 'x.t', 'x.id', 'desc', 'last', { k: '', v: '2030-01-01 00:00:00', id: 'id' }, '::timestamp');
    expect(sql).toBe('((x.t < $2::timestamp OR (x.t = $2::timestamp AND x.id < $1::uuid)) OR x.t IS NULL)');
    expect(p.values).toEqual(['id', '2030-01-01 00:00:00']);
  });

  it('makes % and _ literal in searches', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('writes UTC timestamps whatever the local time zone', () => {
    expect(pgTimestamp(new Date('2030-01-15T12:34:56.789Z'))).toBe('2030-01-15 12:34:56.789');
  });

  it('accepts only JSON objects as metadata', () => {
    expect(checkMetadata({ a: [1, { b: null }] })).toEqual({ a: [1, { b: null }] });
    expect(() => checkMetadata([1])).toThrow(AppError);
    expect(() => checkMetadata(null)).toThrow(AppError);
  });
});

describe('database errors', () => {
  const wrapped = (code: string, message = 'x', constraint?: string) => ({
    name: 'SequelizeDatabaseError',
    message,
    parent: { code, message, constraint },
  });
  it('map to stable codes', () => {
    expect(toAppError(wrapped('25006', 'cannot execute INSERT in a read-only transaction')).code).toBe('READ_ONLY');
    expect(toAppError(wrapped('23505', 'dup', 'users_email_key'))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('users_email_key'),
    });
    expect(toAppError(wrapped('23514')).code).toBe('VALIDATION');
    expect(toAppError(wrapped('57014', 'canceling statement due to statement timeout')).code).toBe('TIMEOUT');
    const app = new AppError('NOT_FOUND', 'n');
    expect(toAppError(app)).toBe(app);
  });
});
