import { Readable } from 'node:stream';
import type { CliIo } from '../../src-main/platform/cli/io';
import { runCli } from '../../src-main/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The environment govcon sees (a copy is given); empty unless set. */
  env?: NodeJS.ProcessEnv;
  /** What stdin reads: a string as is, or lines, each ended by a newline. Empty unless set; never a terminal. */
  stdin?: string | readonly string[];
}

/** Runs govcon in-process (runCli) with captured stdout and stderr; neither is a terminal. */
export async function runGovcon(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = options.stdin ?? [];
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    stdin: Readable.from(typeof input === 'string' ? [input] : input.map((line) => `${line}\n`)),
    env: { ...options.env },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
