/** The `govcon` entry point: runs one command line and exits with its code (docs/cli.md). */
import { CONSOLE_VERSION as VERSION } from '../shared/version';

// `govcon … | head`: once the reader has gone, the rest of the output has nowhere to go. Stop
// quietly, with the command's exit code when it is known, instead of dying on an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

if (process.argv[2] === '--version') {
  // Answered before anything else is loaded: scripts ask it often.
  process.stdout.write(`${VERSION}\n`);
} else {
  Promise.all([import('./main'), import('../platform/cli/io')])
    .then(([{ runCli }, { processIo }]) => runCli(process.argv.slice(2), processIo()))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`govcon: ${String(error)}\n`);
        process.exitCode = 2;
      },
    );
}
