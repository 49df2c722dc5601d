import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';

// test/support/db.ts has no test runner in it, so Playwright can share it with vitest.
/** Runs one statement on a database of the test server (for setup and tampering); the whole result. */
export { query as sql, withDatabase } from '../support/db';

export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * The real command line, as built beside the app (browser tests run after `electron-vite
 * build`): initialises and fills databases for a test.
 */
export function govcon(args: string[]): string {
  return execFileSync(process.execPath, ['bin/govcon.mjs', ...args], { encoding: 'utf8' });
}
