import type { FlagSpec, ParsedArgs } from './args';
import type { Operator } from '../../shared/model/operator';
import type { CliIo, ProgressUnit } from './io';

export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  json: boolean;
  /** The command's usage line (without "govcon "), for usage errors. */
  usage: string;
  /** The console's version, stated in every report. */
  version: string;
  /** --url, else DATABASE_URL; a usage error naming the option (or variable) when neither is given or it is not a URL. */
  url(): string;
  operator(): Operator;
  /** Asks on a terminal; --yes answers yes; no terminal and no --yes is a usage error. */
  confirm(question: string): Promise<boolean>;
  /** A progress bar on stderr (terminal only): what it does, and the unit it counts (bytes are shown as MB). */
  progress(label: string, unit: ProgressUnit): (done: number, total: number | null) => void;
}

export interface CommandResult {
  /** 0: done, nothing found; 1: a finding (see docs/cli.md). */
  exitCode: 0 | 1;
  /** The one JSON object printed with --json. */
  json: unknown;
  /** What a person sees without --json. */
  text: string;
}

/**
 * What a domain's command module gives for one command: its name and what it does. What the
 * command line knows before loading it (summary, usage, flags) is in cli/commands.ts, so
 * `govcon --help` and every other command start without loading this module.
 */
export interface Command {
  /** One or two words, e.g. `health` or `migrate status`. */
  name: string;
  run(ctx: CommandContext): Promise<CommandResult>;
}

/** One entry of the command list: everything but the code, which `load` imports when the command runs. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  flags: FlagSpec;
  load(): Promise<readonly Command[]>;
  /**
   * `stream`: the command streams a large input through short-lived objects, so the process
   * keeps V8's young generation at its starting size from before its module loads
   * (CliIo.beforeStreamingCommand, young-generation.ts).
   */
  memory?: 'stream';
}
