/** The `govcon` entry point: runs one command line and exits with its code (docs/cli.md). */
import { processIo } from '../platform/cli/io';
import { runCli } from './main';

// `govcon … | head`: once the reader has gone, the rest of the output has nowhere to go. Stop
// quietly, with the command's exit code when it is known, instead of dying on an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`govcon: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
