import fs from 'node:fs';
import path from 'node:path';

/** docs/cli.md, read by the tests that hold the command line to it. */
export const CLI_DOC = fs.readFileSync(path.resolve('docs/cli.md'), 'utf8');

/** The rows of the markdown table under heading `heading` (## or ###), first cell of each. */
export function tableRows(heading: string): string[][] {
  const start = CLI_DOC.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`docs/cli.md has no "${heading}"`);
  const rest = CLI_DOC.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\|[-| ]+\|$/.test(l))
    .slice(1) // the header row
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

/** A command's name from its usage cell: the words after `govcon` up to the first that is not a name. */
export function commandName(cell: string): string {
  const usage = /`govcon ([^`]+)`/.exec(cell)?.[1];
  if (!usage) throw new Error(`not a command cell: ${cell}`);
  const words: string[] = [];
  for (const word of usage.split(' ')) {
    if (!/^[a-z][a-z-]*$/.test(word)) break;
    words.push(word);
  }
  return words.join(' ');
}

/** The commands the "Commands" table documents, in order. */
export function documentedCommands(): string[] {
  return tableRows('## Commands').map((row) => commandName(row[0]!));
}

export type DocumentedJson = { report: string } | { keys: string[] };

/** What "JSON output of each command" documents for each command. */
export function documentedJson(): Map<string, DocumentedJson> {
  const out = new Map<string, DocumentedJson>();
  for (const [command, json] of tableRows('## JSON output of each command')) {
    const report = /^report `([^`]+)`/.exec(json!)?.[1];
    const keys = /^`\{([^`]*)\}`/.exec(json!)?.[1];
    if (report) out.set(commandName(command!), { report });
    else if (keys !== undefined) out.set(commandName(command!), { keys: [...keys.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) });
    else throw new Error(`cannot read the JSON of ${command}: ${json}`);
  }
  return out;
}
