import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import type { CliIo } from '../../../src-main/platform/cli/io';
import { runGovcon } from '../../support/cli';

/** govcon run in-process with stdout as a terminal of `columns` columns. */
async function onTerminal(columns: number, ...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t), isTTY: true, columns },
    stderr: { write: () => true, isTTY: false },
    stdin: Readable.from([]),
    env: {},
  };
  return { code: await runCli(argv, io), stdout };
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('groups list their subcommands', () => {
  for (const group of ['users', 'migrate', 'api-keys']) {
    it(`govcon ${group} --help lists them on stdout (exit 0)`, async () => {
      const run = await runGovcon([group, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: govcon ${group} SUBCOMMAND`);
      expect(run.stdout).not.toContain('Unknown command');
    });
  }

  it('govcon users: the subcommands on stderr, exit 2 (a subcommand is needed)', async () => {
    const run = await runGovcon(['users']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const sub of ['list', 'show', 'create', 'disable', 'enable', 'set-role', 'delete', 'dormant', 'bulk']) {
      expect(run.stderr).toMatch(new RegExp(`^  ${sub} `, 'm'));
    }
    const json = await runGovcon(['migrate', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'VALIDATION', message: 'govcon migrate needs a subcommand: status, up.' },
    });
  });

  it('an unknown subcommand points at its group', async () => {
    const run = await runGovcon(['users', 'frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('govcon: Unknown command "users frobnicate". Run govcon users for its commands. [VALIDATION]\n');
  });

  it('govcon help COMMAND is govcon COMMAND --help', async () => {
    expect((await runGovcon(['help', 'verify-db'])).stdout).toBe((await runGovcon(['verify-db', '--help'])).stdout);
    expect((await runGovcon(['help', 'users'])).stdout).toBe((await runGovcon(['users', '--help'])).stdout);
  });
});

describe('help is wrapped to the terminal', () => {
  it('at 80 columns when stdout is not a terminal', async () => {
    for (const argv of [['--help'], ['users', '--help'], ['import-jsonl', '--help'], ['verify-custody', '--help']]) {
      const run = await runGovcon(argv);
      expect(widest(run.stdout), argv.join(' ')).toBeLessThanOrEqual(80);
    }
  });

  it("at the terminal's width", async () => {
    const narrow = await onTerminal(60, '--help');
    expect(narrow.code).toBe(0);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    const wide = await onTerminal(200, '--help');
    expect(widest(wide.stdout)).toBeGreaterThan(80);
    expect(widest(wide.stdout)).toBeLessThanOrEqual(200);
  });
});

describe('a bad URL names the option it came from', () => {
  it('--url notaurl talks about --url, not DATABASE_URL', async () => {
    const run = await runGovcon(['health', '--url', 'notaurl', '--json']);
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^--url is not a URL/);
    expect(error.message).not.toContain('DATABASE_URL');
  });

  it('DATABASE_URL=notaurl talks about DATABASE_URL', async () => {
    const run = await runGovcon(['health', '--json'], { env: { DATABASE_URL: 'notaurl' } });
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'VALIDATION', message: expect.stringMatching(/^DATABASE_URL is not a URL/) },
    });
  });
});
