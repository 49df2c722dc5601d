import readline from 'node:readline/promises';
import { AppError } from '../shared/errors';
import { scrubSecrets } from '../platform/secrets/scrub';
import { classifyConnectError } from '../platform/db/errors';
import { parseArgs, parseOperator } from '../platform/cli/args';
import type { Command, CommandContext } from '../platform/cli/command';
import { defaultOperator, progressReporter, type CliIo } from '../platform/cli/io';
import { COMMANDS } from './commands';
import { CONSOLE_VERSION } from '../shared/version';
import { isProductionTarget, productionCommandQuestion, writesDatabase } from './production';

export const VERSION = CONSOLE_VERSION;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'govcon — the Governance Console on the command line',
    '',
    'Usage: govcon COMMAND [options]   (govcon COMMAND --help for one command)',
    '',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --url URL (default DATABASE_URL), --json, --yes, --operator "Name <email>", --help, --version',
    'Exit codes: 0 done, 1 a finding, 2 usage/connection/file error. See docs/cli.md.',
  ].join('\n');
}

function findCommand(positionals: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: positionals.slice(words) };
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
  const fail = (error: AppError): number => {
    const message = scrubSecrets(error.message);
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: error.code, message } })}\n`);
    else io.stderr.write(`govcon: ${message} [${error.code}]\n`);
    return 2;
  };
  if (argv[0] === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const words = argv.filter((a) => !a.startsWith('--'));
  const found = findCommand(words);
  if (!found) {
    // Asked for, help is the result (stdout, exit 0); with no command it is a usage error.
    if (argv[0] === '--help' || argv[0] === 'help') {
      io.stdout.write(`${usage()}\n`);
      return 0;
    }
    if (argv.length === 0) {
      io.stderr.write(`${usage()}\n`);
      return 2;
    }
    return fail(new AppError('VALIDATION', `Unknown command "${words.slice(0, 2).join(' ')}". Run govcon --help.`));
  }
  const { command } = found;
  try {
    // The command's words are the first words of the line, wherever options stand around
    // them (`govcon --yes init`): drop those words, keep every option.
    let skip = command.name.split(' ').length;
    const rest = argv.filter((a) => a.startsWith('--') || skip-- <= 0);
    const args = parseArgs(rest, command.flags);
    if (args.booleans.has('help')) {
      io.stdout.write(`Usage: govcon ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    // Usage errors before any connection is opened.
    const operator = args.values.operator ? parseOperator(args.values.operator) : defaultOperator(io.env);
    const ctx: CommandContext = {
      args,
      io,
      json,
      url: () => {
        const url = args.values.url ?? io.env.DATABASE_URL;
        if (!url) throw new AppError('VALIDATION', 'No database given: pass --url URL or set DATABASE_URL.');
        return url;
      },
      operator: () => operator,
      confirm: async (question) => {
        if (args.booleans.has('yes')) return true;
        if (!io.stdin.isTTY || !io.stderr.isTTY) {
          throw new AppError('VALIDATION', `${question} — no terminal to ask on; pass --yes to proceed.`);
        }
        const rl = readline.createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
        try {
          return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
        } finally {
          rl.close();
        }
      },
      progress: (label) => progressReporter(io, !json, label),
    };
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
