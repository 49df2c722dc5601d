import { AppError } from '../../shared/errors';
import type { Operator } from '../../shared/model/operator';

/**
 * What a command accepts: flags with a value, flags that are on or off, and flags that may be
 * given several times (`--trusted-key A --trusted-key B`), each value kept in order.
 */
export interface FlagSpec {
  values?: readonly string[];
  booleans?: readonly string[];
  lists?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string>;
  booleans: Set<string>;
  /** Every value of each repeatable flag given, in the order given (absent when not given). */
  lists: Record<string, string[]>;
}

const COMMON_VALUES = ['url', 'operator'] as const;
const COMMON_BOOLEANS = ['json', 'yes', 'help'] as const;

/**
 * `--name value`, `--name=value` and `--flag`. An unknown flag or a missing value is a usage
 * error naming the flag (exit 2), never silently ignored.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Set<string>([...COMMON_VALUES, ...(spec.values ?? [])]);
  const booleans = new Set<string>([...COMMON_BOOLEANS, ...(spec.booleans ?? [])]);
  const lists = new Set<string>(spec.lists ?? []);
  const out: ParsedArgs = { positionals: [], values: {}, booleans: new Set(), lists: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new AppError('VALIDATION', `--${name} takes no value.`);
      out.booleans.add(name);
    } else if (values.has(name) || lists.has(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new AppError('VALIDATION', `--${name} needs a value.`);
      if (lists.has(name)) (out.lists[name] ??= []).push(value);
      else out.values[name] = value; // the last one wins, so a script can override an alias's flag
    } else {
      throw new AppError('VALIDATION', `Unknown option --${name}. See --help.`);
    }
  }
  return out;
}

/** `Name <email>` or a bare name. */
export function parseOperator(text: string): Operator {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (m && m[1]) return { name: m[1], email: m[2] };
  if (!text.trim() || text.includes('<')) {
    throw new AppError('VALIDATION', `--operator must look like "Name <email>" (got "${text}").`);
  }
  return { name: text.trim(), email: null };
}
