import type { FlagSpec, ParsedArgs } from './args';
import type { Operator } from '../../shared/model/operator';
import type { CliIo } from './io';

export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  json: boolean;
  /** --url, else DATABASE_URL; a usage error when neither is given. */
  url(): string;
  operator(): Operator;
  /** Asks on a terminal; --yes answers yes; no terminal and no --yes is a usage error. */
  confirm(question: string): Promise<boolean>;
  progress(label: string): (done: number, total: number | null) => void;
}

export interface CommandResult {
  /** 0: done, nothing found; 1: a finding (see docs/cli.md). */
  exitCode: 0 | 1;
  /** The one JSON object printed with --json. */
  json: unknown;
  /** What a person sees without --json. */
  text: string;
}

export interface Command {
  /** One or two words, e.g. `health` or `migrate status`. */
  name: string;
  summary: string;
  usage: string;
  flags: FlagSpec;
  run(ctx: CommandContext): Promise<CommandResult>;
}
