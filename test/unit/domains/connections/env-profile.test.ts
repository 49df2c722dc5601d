import { describe, expect, it } from 'vitest';
import { envProfile, poolSettingsFromEnv } from '../../../../src-main/domains/connections/env-profile';
import { AppError } from '../../../../src-main/shared/errors';

function validationMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    return (e as AppError).message;
  }
  throw new Error('expected a VALIDATION error');
}

describe('environment profile', () => {
  it('is absent without DATABASE_URL', () => {
    expect(envProfile({})).toBeUndefined();
    expect(envProfile({ DATABASE_URL: '  ' })).toBeUndefined();
  });

  it("uses the installations' defaults", () => {
    const p = envProfile({ DATABASE_URL: 'postgresql://app:pw@db:5432/governance' });
    expect(p?.target).toMatchObject({
      id: 'environment',
      host: 'db',
      port: 5432,
      database: 'governance',
      user: 'app',
      tls: { mode: 'prefer' }, // libpq's default when the URL names no sslmode
      readOnly: false,
    });
    expect(p?.target.pool).toEqual({ size: 20, maxOverflow: 10, timeoutSeconds: 30, recycleSeconds: 3600, echo: false });
    expect(p?.password).toBe('pw');
    expect(JSON.stringify(p?.target)).not.toContain('pw@');
  });

  it('reads every pool variable', () => {
    const p = envProfile({
      DATABASE_URL: 'postgresql://app@db/gov?sslmode=verify-full&sslrootcert=/etc/ca.pem',
      DB_POOL_SIZE: '5',
      DB_POOL_MAX_OVERFLOW: '0',
      DB_POOL_TIMEOUT: '2.5',
      DB_POOL_RECYCLE: '-1',
      DB_ECHO: 'True',
    });
    expect(p?.target.pool).toEqual({ size: 5, maxOverflow: 0, timeoutSeconds: 2.5, recycleSeconds: -1, echo: true });
    expect(p?.target.tls).toEqual({ mode: 'verify-full', caFile: '/etc/ca.pem' });
    expect(p?.password).toBeUndefined();
  });

  it.each([
    ['DB_POOL_SIZE', '0', /DB_POOL_SIZE="0".*at least 1/],
    ['DB_POOL_SIZE', 'twenty', /DB_POOL_SIZE="twenty".*whole number/],
    ['DB_POOL_SIZE', '2.5', /DB_POOL_SIZE/],
    ['DB_POOL_MAX_OVERFLOW', '-1', /DB_POOL_MAX_OVERFLOW="-1".*0 or more/],
    ['DB_POOL_TIMEOUT', '30s', /DB_POOL_TIMEOUT="30s".*seconds/],
    ['DB_POOL_TIMEOUT', '-2', /DB_POOL_TIMEOUT/],
    ['DB_POOL_RECYCLE', '-5', /DB_POOL_RECYCLE="-5".*-1 for never/],
    ['DB_ECHO', 'maybe', /DB_ECHO="maybe".*true or false/],
  ])('%s=%s is a VALIDATION error naming the variable', (name, value, message) => {
    expect(validationMessage(() => poolSettingsFromEnv({ [name]: value }))).toMatch(message);
  });

  it('names DATABASE_URL when it is invalid, without repeating it', () => {
    const m = validationMessage(() => envProfile({ DATABASE_URL: 'mysql://root:hunter2@db/x' }));
    expect(m).toMatch(/DATABASE_URL/);
    expect(m).not.toContain('hunter2');
    expect(validationMessage(() => envProfile({ DATABASE_URL: 'postgresql://u:hunter2@db/x?sslmode=bogus' }))).toMatch(/sslmode=bogus/);
  });
});
