/**
 * Writes to a production database from the command line are confirmed first, as in the window:
 * the command line's target is production when GOVCON_ENVIRONMENT=production, and then every
 * command that changes the database asks, naming the server and the database; --yes answers for
 * scripts (docs/cli.md).
 */
import { productionQuestion } from '../shared/contract/writes';
import type { ParsedArgs } from '../platform/cli/args';

/** Commands that change the database (users dormant only with --disable; harden not with --check; cosign only with --url). */
const WRITING = new Set([
  'init',
  'migrate up',
  'harden',
  'users create',
  'users disable',
  'users enable',
  'users set-role',
  'users delete',
  'users dormant',
  'users bulk',
  'api-keys create',
  'api-keys revoke',
  'api-keys rotate',
  'import-jsonl',
  'demo',
  'restore',
  'seal',
]);

export function writesDatabase(command: string, args: ParsedArgs): boolean {
  if (command === 'users dormant') return args.booleans.has('disable');
  if (command === 'harden') return !args.booleans.has('check');
  if (command === 'cosign') return args.values.url !== undefined; // with a database, it adds the signature to the seal's note
  return WRITING.has(command);
}

export function isProductionTarget(env: NodeJS.ProcessEnv): boolean {
  return (env.GOVCON_ENVIRONMENT ?? '').trim().toLowerCase() === 'production';
}

/** host:port/database of a connection URL, never its password; the URL as given when it does not parse. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)'}`;
  } catch {
    return 'the database of --url';
  }
}

export function productionCommandQuestion(url: string, command: string): string {
  return productionQuestion({ name: 'command line', target: describeUrl(url) }, `govcon ${command}`);
}
