import { AppError } from '../shared/errors';
import { scrubSecrets } from '../platform/secrets/scrub';
import { classifyConnectError } from '../platform/db/errors';
import { parseConnectionUrl } from '../platform/db/url';
import { parseArgs, parseOperator } from '../platform/cli/args';
import type { CommandContext, CommandSpec } from '../platform/cli/command';
import { defaultOperator, outputWidth, progressReporter, type CliIo } from '../platform/cli/io';
import { COMMANDS, groupCommands } from './commands';
import { commandHelp, groupUsage, isGroup, mainUsage } from './help';

import { CONSOLE_VERSION as VERSION } from '../shared/version';
import { isProductionTarget, productionCommandQuestion, writesDatabase } from './production';

export { VERSION };

/** Options every command takes that are followed by a value: their value is not a command word. */
const COMMON_VALUE_OPTIONS = new Set(['--url', '--operator']);

/** The words of the line that are not options (nor the values of --url and --operator). */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      if (COMMON_VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words;
}

/** The line without the command's own words (the first `count` words), every option kept where it was. */
function withoutCommandWords(argv: readonly string[], count: number): string[] {
  const out: string[] = [];
  let skip = count;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      out.push(a);
      if (COMMON_VALUE_OPTIONS.has(a) && i + 1 < argv.length) out.push(argv[++i]!);
    } else if (skip > 0) skip--;
    else out.push(a);
  }
  return out;
}

function findCommand(words: readonly string[]): CommandSpec | null {
  for (const count of [2, 1]) {
    const name = words.slice(0, count).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return command;
  }
  return null;
}

/** Runs one command line and returns its exit code; never calls process.exit itself. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  classify: (e: unknown) => AppError | undefined = classifyConnectError,
): Promise<number> {
  const json = argv.includes('--json');
  const width = outputWidth(io);
  const fail = (error: AppError): number => {
    const message = scrubSecrets(error.message);
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: error.code, message } })}\n`);
    else io.stderr.write(`govcon: ${message} [${error.code}]\n`);
    return 2;
  };
  const help = (text: string): number => {
    io.stdout.write(`${text}\n`);
    return 0;
  };
  if (argv[0] === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // `govcon help [COMMAND]` is `govcon [COMMAND] --help`.
  const helpWord = commandWords(argv)[0] === 'help';
  const line = helpWord ? argv.filter((_, i) => i !== argv.indexOf('help')) : argv;
  const words = commandWords(line);
  const asked = helpWord || line.includes('--help');
  const spec = findCommand(words);
  if (!spec) {
    if (words.length === 0) {
      // Asked for, help is the result (stdout, exit 0); with no command it is a usage error.
      if (asked) return help(mainUsage(width));
      io.stderr.write(`${mainUsage(width)}\n`);
      return 2;
    }
    if (isGroup(words[0]) && words.length === 1) {
      if (asked) return help(groupUsage(words[0], width));
      const subcommands = groupCommands(words[0]).map((c) => c.name.slice(words[0]!.length + 1));
      if (!json) io.stderr.write(`${groupUsage(words[0], width)}\n`);
      return json ? fail(new AppError('VALIDATION', `govcon ${words[0]} needs a subcommand: ${subcommands.join(', ')}.`)) : 2;
    }
    const name = words.slice(0, 2).join(' ');
    const hint = isGroup(words[0]) ? `Run govcon ${words[0]} for its commands.` : 'Run govcon --help.';
    return fail(new AppError('VALIDATION', `Unknown command "${name}". ${hint}`));
  }
  try {
    // The command's words are the first words of the line, wherever options stand around
    // them (`govcon --yes init`): drop those words, keep every option.
    const rest = withoutCommandWords(line, spec.name.split(' ').length);
    if (asked) return help(commandHelp(spec, width));
    const args = parseArgs(rest, spec.flags);
    // Usage errors before any connection is opened (or the command's code loaded).
    const operator = args.values.operator ? parseOperator(args.values.operator) : defaultOperator(io.env);
    if (args.values.url !== undefined) parseConnectionUrl(args.values.url, '--url');
    const ctx: CommandContext = {
      args,
      io,
      json,
      usage: spec.usage,
      version: VERSION,
      url: () => {
        const url = args.values.url ?? io.env.DATABASE_URL;
        if (!url) throw new AppError('VALIDATION', 'No database given: pass --url URL or set DATABASE_URL.');
        // A bad URL is named by where it came from: --url, or the variable.
        parseConnectionUrl(url, args.values.url !== undefined ? '--url' : 'DATABASE_URL');
        return url;
      },
      operator: () => operator,
      confirm: async (question) => {
        if (args.booleans.has('yes')) return true;
        if (!io.stdin.isTTY || !io.stderr.isTTY) {
          throw new AppError('VALIDATION', `${question} — no terminal to ask on; pass --yes to proceed.`);
        }
        const readline = await import('node:readline/promises');
        const rl = readline.createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
        try {
          return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
        } finally {
          rl.close();
        }
      },
      progress: (label, unit) => progressReporter(io, !json, label, unit),
    };
    if (spec.memory === 'stream') io.beforeStreamingCommand?.();
    const command = (await spec.load()).find((c) => c.name === spec.name);
    if (!command) throw new AppError('INTERNAL', `The module of "${spec.name}" does not provide it.`);
    if (isProductionTarget(io.env) && writesDatabase(command.name, args)) {
      if (!(await ctx.confirm(productionCommandQuestion(ctx.url(), command.name)))) {
        throw new AppError('CANCELLED', `govcon ${command.name} was not run: not confirmed.`);
      }
    }
    const result = await command.run(ctx);
    io.stdout.write(json ? `${JSON.stringify(result.json)}\n` : `${result.text}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof AppError) return fail(error);
    const known = classify(error);
    if (known && known.code !== 'INTERNAL') return fail(known);
    io.stderr.write(
      `govcon: unexpected failure: ${scrubSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    return fail(new AppError('INTERNAL', 'Unexpected failure; details on stderr.'));
  }
}
