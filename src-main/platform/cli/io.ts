import os from 'node:os';
import { keepYoungGenerationSmall } from './young-generation';
import readline from 'node:readline';
import type { Operator } from '../../shared/model/operator';
import { parseOperator } from './args';

/** The process's streams, injectable so tests run commands in-process. */
export interface CliIo {
  /** `columns` (a terminal's width) wraps --help; without a terminal help is wrapped at 80. */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /**
   * Called before a command marked `memory: 'stream'` loads. The process's own io keeps V8's
   * young generation small (young-generation.ts): a setting of the whole process, so only a
   * process that runs one command and exits has it; govcon run in-process (tests) has not.
   */
  beforeStreamingCommand?: () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    beforeStreamingCommand: keepYoungGenerationSmall,
  };
}

export function defaultOperator(env: NodeJS.ProcessEnv): Operator {
  if (env.GOVCON_OPERATOR) return parseOperator(env.GOVCON_OPERATOR);
  return { name: os.userInfo().username, email: null };
}

/** Reads one line from stdin (its newline stripped), e.g. a key for `api-keys check`. */
export async function readLine(io: CliIo): Promise<string> {
  const rl = readline.createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/** The width help is wrapped to: the terminal's, else 80 (a pipe, a file, a CI log). */
export function outputWidth(io: CliIo): number {
  const columns = io.stdout.isTTY ? io.stdout.columns : undefined;
  return columns && columns >= 40 ? columns : 80;
}

/** What a progress bar counts: bytes are shown in MB, the rest as counts with their unit's name. */
export type ProgressUnit = 'bytes' | 'rows' | 'lines' | 'items';

/** `12.3 / 50.0 MB`, `1,234 / 5,000 rows`. */
export function progressAmount(done: number, total: number | null, unit: ProgressUnit): string {
  if (unit === 'bytes') {
    const mb = (n: number) => (n / 1_000_000).toFixed(1);
    return `${mb(done)}${total !== null ? ` / ${mb(total)}` : ''} MB`;
  }
  const count = (n: number) => n.toLocaleString('en-US');
  return `${count(done)}${total !== null ? ` / ${count(total)}` : ''} ${unit}`;
}

/** A progress bar on stderr, drawn only when stderr is a terminal and output is not JSON. */
export function progressReporter(
  io: CliIo,
  enabled: boolean,
  label: string,
  unit: ProgressUnit,
): (done: number, total: number | null) => void {
  if (!enabled || !io.stderr.isTTY) return () => undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && (total === null || done < total)) return;
    last = now;
    const width = 30;
    const filled = total ? Math.round((width * Math.min(done, total)) / total) : 0;
    const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
    io.stderr.write(`\r${label} ${bar}${progressAmount(done, total, unit)}   `);
    if (total !== null && done >= total) io.stderr.write('\n');
  };
}
