/**
 * govcon's help texts, wrapped to the terminal's width (80 when stdout is not a terminal):
 * the whole command list, one group's commands, and one command's usage.
 */
import type { CommandSpec } from '../platform/cli/command';
import { COMMANDS, GROUPS, groupCommands } from './commands';

/** A usage line's words, an option in brackets (`[--batch N]`) kept whole. */
function usageWords(text: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      if (word) words.push(word);
      word = '';
    } else word += ch;
  }
  if (word) words.push(word);
  return words;
}

/** Words of `text` in lines of at most `width` columns; lines after the first start with `indent`. */
export function wrap(text: string, width: number, indent = '', firstIndent = '', words = text.split(/\s+/).filter(Boolean)): string {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    const next = empty ? line + word : `${line} ${word}`;
    if (!empty && next.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = next;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** `name  summary` rows with the summaries aligned and wrapped beside the names. */
function table(rows: readonly [string, string][], width: number): string {
  const nameWidth = Math.min(Math.max(...rows.map(([name]) => name.length)), 24);
  const pad = ' '.repeat(nameWidth + 4);
  return rows
    .map(([name, summary]) => {
      const head = `  ${name.padEnd(nameWidth)}  `;
      if (head.length > pad.length) return `  ${name}\n${wrap(summary, width, pad, pad)}`;
      return wrap(summary, width, pad, head);
    })
    .join('\n');
}

/** The top-level commands and groups, each once: a group stands for its subcommands. */
function topLevel(): [string, string][] {
  const rows: [string, string][] = [];
  const seen = new Set<string>();
  for (const c of COMMANDS) {
    const group = c.name.includes(' ') ? c.name.split(' ')[0]! : null;
    if (group === null) rows.push([c.name, c.summary]);
    else if (!seen.has(group)) {
      seen.add(group);
      const subs = groupCommands(group).map((s) => s.name.slice(group.length + 1));
      rows.push([`${group} …`, `${GROUPS[group] ?? ''} Subcommands: ${subs.join(', ')}.`]);
    }
  }
  return rows;
}

export function mainUsage(width: number): string {
  return [
    'govcon — the Governance Console on the command line',
    '',
    wrap('Usage: govcon COMMAND [options]', width),
    wrap('(govcon COMMAND --help for one command, govcon GROUP for the commands of a group)', width),
    '',
    'Commands:',
    table(topLevel(), width),
    '',
    wrap(
      'Common options: --url URL (default DATABASE_URL), --json, --yes, --operator "Name <email>", --help, --version. ' +
        'Judging commands take --all to list every line or row with its verdict.',
      width,
      '  ',
    ),
    wrap('Exit codes: 0 done, 1 a finding, 2 usage/connection/file error. See docs/cli.md.', width, '  '),
  ].join('\n');
}

export function groupUsage(group: string, width: number): string {
  return [
    wrap(`Usage: govcon ${group} SUBCOMMAND [options]   (govcon ${group} SUBCOMMAND --help for one)`, width, '       ', '', [
      ...usageWords(`Usage: govcon ${group} SUBCOMMAND [options]`),
      `(govcon ${group} SUBCOMMAND --help for one)`,
    ]),
    '',
    wrap(GROUPS[group] ?? '', width),
    '',
    'Subcommands:',
    table(
      groupCommands(group).map((c) => [c.name.slice(group.length + 1), c.summary]),
      width,
    ),
  ].join('\n');
}

export function commandHelp(command: CommandSpec, width: number): string {
  const usage = `Usage: govcon ${command.usage}`;
  return [
    wrap(usage, width, ' '.repeat(Math.min(15 + command.name.length, 32)), '', usageWords(usage)),
    '',
    wrap(command.summary, width),
  ].join('\n');
}

/** The groups: the first words of two-word commands. */
export function isGroup(word: string | undefined): word is string {
  return word !== undefined && Object.prototype.hasOwnProperty.call(GROUPS, word);
}
