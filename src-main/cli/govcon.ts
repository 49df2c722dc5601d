/** The `govcon` entry point: runs one command line and exits with its code (docs/cli.md). */
import { processIo } from '../platform/cli/io';
import { runCli } from './main';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`govcon: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
