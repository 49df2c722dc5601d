import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../src-main/shared/contract';
import { DATABASE_WRITES, NOT_DATABASE_WRITES, productionQuestion } from '../../../src-main/shared/contract/writes';

describe('database writes', () => {
  it('classifies every channel exactly once, so a new one must say whether it writes', () => {
    const all = [...DATABASE_WRITES, ...NOT_DATABASE_WRITES];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('asks naming the server and the database', () => {
    expect(productionQuestion({ name: 'Prod', target: 'db.example.org:5432/governance' }, 'users/delete')).toBe(
      'This changes the PRODUCTION database db.example.org:5432/governance (connection "Prod"): users/delete. Go ahead?',
    );
  });
});

describe('a write through a production connection', () => {
  it('the window asks first, naming the server and database; reads and other environments are not asked', async () => {
    const { confirmProductionWrite, setConnectionSource } = await import('../../../src-renderer/src/api/production-guard');
    const asked: string[] = [];
    const ask = (answer: boolean) => (q: string) => (asked.push(q), answer);
    const prod = {
      profileId: 'p',
      name: 'Prod',
      target: 'db.example.org:5432/gov',
      environment: 'Production',
      colour: '#dc2626',
      readOnly: false,
      encrypted: true,
      tlsMode: 'verify-full' as const,
      unencryptedRemote: false,
    };
    const stop = setConnectionSource(() => prod);
    expect(confirmProductionWrite('users/delete', ask(false))).toBe(false);
    expect(confirmProductionWrite('users/delete', ask(true))).toBe(true);
    expect(confirmProductionWrite('users/list', ask(false))).toBe(true);
    expect(asked).toEqual([productionQuestion(prod, 'users/delete'), productionQuestion(prod, 'users/delete')]);
    setConnectionSource(() => ({ ...prod, environment: 'staging' }));
    expect(confirmProductionWrite('users/delete', ask(false))).toBe(true);
    stop();
  });

  it('the command line asks too (GOVCON_ENVIRONMENT=production), and --yes answers for scripts', async () => {
    const { runGovcon } = await import('../../support/cli');
    const env = { GOVCON_ENVIRONMENT: 'production', DATABASE_URL: 'postgres://u:secret@db.example.org:6543/gov' };
    const refused = await runGovcon(['users', 'create', '--email', 'a@b.co', '--name', 'A'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'This changes the PRODUCTION database db.example.org:6543/gov (connection "command line"): govcon users create',
    );
    expect(refused.stderr).toContain('pass --yes');
    expect(refused.stderr).not.toContain('secret');
    // With --yes it goes on (and here fails to connect: nothing listens there, which proves it tried).
    const yes = await runGovcon(['users', 'create', '--email', 'a@b.co', '--name', 'A', '--yes'], {
      env: { ...env, DATABASE_URL: 'postgres://u@127.0.0.1:1/gov' },
    });
    expect(yes.stderr).not.toContain('PRODUCTION');
    const read = await runGovcon(['harden', '--check'], { env: { ...env, DATABASE_URL: 'postgres://u@127.0.0.1:1/gov' } });
    expect(read.stderr).not.toContain('PRODUCTION');
  });

  it('counts sealing, and cosigning with a database, as writes; export and verification are not', async () => {
    const { writesDatabase } = await import('../../../src-main/cli/production');
    const { parseArgs } = await import('../../../src-main/platform/cli/args');
    const args = (argv: string[]) => parseArgs(argv, { values: ['key', 'out'] });
    expect(writesDatabase('seal', args(['--key', 'k']))).toBe(true);
    expect(writesDatabase('cosign', args(['cp', '--key', 'k', '--url', 'postgres://x/y']))).toBe(true);
    expect(writesDatabase('cosign', args(['cp', '--key', 'k']))).toBe(false);
    for (const c of ['export-evidence', 'verify-db', 'backup', 'checkpoint']) expect(writesDatabase(c, args([])), c).toBe(false);
  });
});
