#!/usr/bin/env node
/**
 * `npm run bench [-- --rows N --repeat N --source --no-import --no-startup --startup-only]`: the
 * benchmark of bench/run.ts (govcon start-up vs `node -e 0`, COPY ceiling vs `govcon verify-db`,
 * peak RSS, import lines/s), run through tsx. Prints figures only; its exit code says only
 * whether the bench itself ran.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the child through the terminal's process group; a SIGTERM sent to this
// process alone is passed on. Either way the child drops its scratch database.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
