#!/usr/bin/env node
// The `govcon` command line (docs/cli.md). Built by `npm run build` into out/main.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/main/govcon.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('govcon: not built yet; run "npm run build" first.\n');
  process.exit(2);
}
await import(entry.href);
