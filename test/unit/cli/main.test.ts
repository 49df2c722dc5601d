import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/commands';
import { VERSION } from '../../../src-main/cli/main';
import { runGovcon } from '../../support/cli';

/** Runs govcon in-process; no database is reachable through this (empty) environment. */
const govcon = (...argv: string[]) => runGovcon(argv);

describe('govcon --version', () => {
  it('prints the version on stdout and exits 0', async () => {
    expect(await govcon('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('govcon --help', () => {
  it('prints the usage on stdout, listing every command, and exits 0', async () => {
    for (const argv of [['--help'], ['help']]) {
      const run = await govcon(...argv);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^govcon — /);
      expect(run.stdout).toContain('Usage: govcon COMMAND [options]');
      // Every command: by its name, or as a subcommand of its group.
      const flat = run.stdout.replace(/\s+/g, ' ');
      for (const c of COMMANDS) {
        const [group, sub] = c.name.split(' ');
        if (sub === undefined) expect(run.stdout).toMatch(new RegExp(`^  ${c.name} `, 'm'));
        else expect(flat).toMatch(new RegExp(`${group} … .*Subcommands: [^.]*\\b${sub}\\b`));
      }
      expect(run.stdout).toContain('Exit codes: 0 done, 1 a finding, 2 usage/connection/file error');
    }
  });

  it('exits 2 when no command is given, showing the usage', async () => {
    const run = await govcon();
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain('Usage: govcon COMMAND [options]');
  });
});

describe('govcon COMMAND --help', () => {
  it('prints that command’s usage and summary on stdout and exits 0, without a database', async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    for (const c of COMMANDS) {
      const run = await govcon(...c.name.split(' '), '--help');
      expect(run.code, c.name).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^Usage: govcon ${c.name}`));
      expect(flat(run.stdout)).toBe(flat(`Usage: govcon ${c.usage}\n\n${c.summary}`));
    }
  });

  it('shows the help even when other options are given', async () => {
    const run = await govcon('verify-db', '--json', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: govcon verify-db /);
  });
});

describe('usage errors (exit 2)', () => {
  it('an unknown command: a message on stderr, nothing on stdout', async () => {
    const run = await govcon('frobnicate');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'govcon: Unknown command "frobnicate". Run govcon --help. [VALIDATION]\n' });
  });

  it('an unknown command with --json: the error object on stdout, nothing on stderr', async () => {
    const run = await govcon('frobnicate', 'now', '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: 'VALIDATION', message: 'Unknown command "frobnicate now". Run govcon --help.' },
    });
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unknown option of a known command', async () => {
    const run = await govcon('verify-db', '--bogus');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'govcon: Unknown option --bogus. See --help. [VALIDATION]\n' });
    const json = await govcon('verify-file', 'x.jsonl', '--rows', '5', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'VALIDATION', message: 'Unknown option --rows. See --help.' } });
  });

  it('an option without its value', async () => {
    const run = await govcon('demo', '--rows', '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'VALIDATION', message: '--rows needs a value.' } });
  });

  it('a value given to a boolean option', async () => {
    const run = await govcon('verify-db', '--json=yes');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--json takes no value.');
  });

  it('no database given: neither --url nor DATABASE_URL', async () => {
    const run = await govcon('verify-db', '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: 'VALIDATION', message: 'No database given: pass --url URL or set DATABASE_URL.' },
    });
  });

  it('verify-file without a PATH', async () => {
    const run = await govcon('verify-file');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^govcon: verify-file needs the PATH .* \[VALIDATION\]\n$/);
  });
});
