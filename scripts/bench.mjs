#!/usr/bin/env node
/**
 * `npm run bench [-- --rows N --repeat N --lines N --batch N --source --no-import --no-audit --no-evidence --no-backup --no-startup --startup-only]`:
 * bench/run.ts through tsx — govcon start-up beside `node -e 0`, `govcon verify-db` (1 and 2 workers) and
 * `govcon import-jsonl`, each beside its
 * ceiling measured in the same run, as a ratio, with peak RSS. Prints figures only; its exit
 * code says only whether the bench itself ran.
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
