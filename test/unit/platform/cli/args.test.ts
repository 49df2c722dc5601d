import { describe, expect, it } from 'vitest';
import { parseArgs, parseOperator } from '../../../../src-main/platform/cli/args';
import { AppError } from '../../../../src-main/shared/errors';

/** The AppError a call throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('parseArgs', () => {
  it('reads positionals, --name value, --name=value and boolean flags', () => {
    const args = parseArgs(['list', '--url', 'postgres://h/db', '--rows=5', '--json', 'more', '--yes'], { values: ['rows'] });
    expect(args.positionals).toEqual(['list', 'more']);
    expect(args.values).toEqual({ url: 'postgres://h/db', rows: '5' });
    expect([...args.booleans].sort()).toEqual(['json', 'yes']);
  });

  it('knows the common options without being told: --url, --operator, --json, --yes, --help', () => {
    const args = parseArgs(['--url', 'u', '--operator', 'Ada <ada@example.org>', '--json', '--yes', '--help'], {});
    expect(args.values).toEqual({ url: 'u', operator: 'Ada <ada@example.org>' });
    expect([...args.booleans].sort()).toEqual(['help', 'json', 'yes']);
  });

  it('keeps everything after the first = of --x=y, even more = signs and an empty value', () => {
    expect(parseArgs(['--url=postgres://h/db?sslmode=require&application_name=a=b'], {}).values.url).toBe(
      'postgres://h/db?sslmode=require&application_name=a=b',
    );
    expect(parseArgs(['--search=--not-a-flag'], { values: ['search'] }).values.search).toBe('--not-a-flag');
    expect(parseArgs(['--search='], { values: ['search'] }).values.search).toBe('');
  });

  it('takes the next word as the value even when it starts with a single dash', () => {
    expect(parseArgs(['--rows', '-5'], { values: ['rows'] }).values.rows).toBe('-5');
  });

  it('lets the last of a repeated value win', () => {
    expect(parseArgs(['--rows', '1', '--rows', '2'], { values: ['rows'] }).values.rows).toBe('2');
  });

  it('refuses an unknown flag, naming it', () => {
    const e = thrown(() => parseArgs(['--bogus'], {}));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('Unknown option --bogus. See --help.');
    expect(thrown(() => parseArgs(['--bogus=1'], {})).message).toContain('--bogus');
    // A flag of another command is unknown here.
    expect(thrown(() => parseArgs(['--rows', '5'], { values: ['seed'] })).message).toContain('--rows');
  });

  it('refuses a value flag without its value: at the end, or followed by another flag', () => {
    const atEnd = thrown(() => parseArgs(['--url'], {}));
    expect(atEnd.code).toBe('VALIDATION');
    expect(atEnd.message).toBe('--url needs a value.');
    expect(thrown(() => parseArgs(['--url', '--json'], {})).message).toBe('--url needs a value.');
  });

  it('refuses a value given to a boolean flag', () => {
    const e = thrown(() => parseArgs(['--json=true'], {}));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('--json takes no value.');
  });

  it('treats the word after a boolean flag as a positional', () => {
    const args = parseArgs(['--yes', 'true'], {});
    expect(args.booleans.has('yes')).toBe(true);
    expect(args.positionals).toEqual(['true']);
  });

  it('takes everything after -- as positionals, flags included', () => {
    const args = parseArgs(['a', '--', '--json', '--bogus', 'b'], {});
    expect(args.positionals).toEqual(['a', '--json', '--bogus', 'b']);
    expect(args.booleans.size).toBe(0);
  });

  it('reads command booleans from the spec', () => {
    const args = parseArgs(['--disable', '--no-expiry'], { booleans: ['disable', 'no-expiry'] });
    expect([...args.booleans]).toEqual(['disable', 'no-expiry']);
  });

  it('gives empty results for no arguments', () => {
    expect(parseArgs([], {})).toEqual({ positionals: [], values: {}, booleans: new Set(), lists: {} });
  });

  it('keeps every value of a repeatable flag, in order, in both spellings', () => {
    const args = parseArgs(['--trusted-key', 'a+1+x', '--trusted-key=b+2+y', '--url', 'u'], { lists: ['trusted-key'] });
    expect(args.lists['trusted-key']).toEqual(['a+1+x', 'b+2+y']);
    expect(args.values.url).toBe('u');
  });
});

describe('parseOperator', () => {
  it('reads "Name <email>", trimming around both', () => {
    expect(parseOperator('Ada Lovelace <ada@example.org>')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.org' });
    expect(parseOperator('  Grace Hopper   <grace@navy.example>  ')).toEqual({ name: 'Grace Hopper', email: 'grace@navy.example' });
    expect(parseOperator('Zoë Ångström <zoe@example.org>')).toEqual({ name: 'Zoë Ångström', email: 'zoe@example.org' });
  });

  it('reads a bare name as a name without email', () => {
    expect(parseOperator('ci-bot')).toEqual({ name: 'ci-bot', email: null });
    expect(parseOperator('  Release Bot ')).toEqual({ name: 'Release Bot', email: null });
  });

  it('refuses an empty operator, a missing name, and a broken or address-less <…>', () => {
    for (const text of ['', '   ', '<ada@example.org>', 'Ada <ada@example.org', 'Ada <>', 'Ada <not an email>', 'Ada <ada>']) {
      const e = thrown(() => parseOperator(text));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain('Name <email>');
    }
  });
});
