import { describe, expect, it } from 'vitest';
import { COMMANDS, GROUPS, groupCommands } from '../../../src-main/cli/commands';
import { reportSchema } from '../../../src-main/shared/model/report';
import { runGovcon } from '../../support/cli';
import { CLI_DOC, documentedCommands, documentedJson, tableRows } from '../../support/cli-docs';

/** docs/cli.md is the contract: it lists every command and group, and every one answers --help. */
describe('docs/cli.md', () => {
  it('lists every command, once, and nothing that does not exist', () => {
    const documented = documentedCommands();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const name of ['verify-file', 'verify-db', 'demo']) expect(documented).toContain(name);
  });

  it('documents each group with its subcommands', () => {
    const rows = tableRows('## Groups');
    expect(rows.map((r) => /`govcon ([a-z-]+)`/.exec(r[0]!)![1]).sort()).toEqual(Object.keys(GROUPS).sort());
    for (const [group, subs] of rows) {
      const name = /`govcon ([a-z-]+)`/.exec(group!)![1]!;
      expect(
        [...subs!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]),
        name,
      ).toEqual(groupCommands(name).map((c) => c.name.slice(name.length + 1)));
    }
  });

  it("documents each command's --json output, reports by a format the schemas know", () => {
    const json = documentedJson();
    expect([...json.keys()].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    const formats = reportSchema.options.map((o) => o.shape.format.value);
    for (const [name, shape] of json) if ('report' in shape) expect(formats, name).toContain(shape.report);
  });

  it('says this is version 2 of the output and what changed from version 1', () => {
    expect(CLI_DOC).toContain('## Version 2 of the output');
    expect(CLI_DOC).toContain('### What changed from version 1');
    expect(CLI_DOC).toContain('"report":"govcon/v2"');
  });

  it('every documented command and group answers --help, exit 0, without a database', async () => {
    for (const name of [...documentedCommands(), ...Object.keys(GROUPS)]) {
      const run = await runGovcon([...name.split(' '), '--help']);
      expect(run.code, name).toBe(0);
      expect(run.stderr, name).toBe('');
      expect(run.stdout, name).toMatch(new RegExp(`^Usage: govcon ${name}`));
    }
  });
});
