/**
 * Every govcon command, in the order `govcon --help` lists them (docs/cli.md documents each):
 * its name, summary, usage and flags — everything the command line needs before the command
 * runs — and the module that runs it, imported only then. So `govcon --version`, `--help` and
 * a usage error load no database driver, and `verify-file` loads only what verifies a file.
 */
import type { Command, CommandSpec } from '../platform/cli/command';

const database = () => import('../domains/database/commands').then((m) => m.databaseCommands);
const verifyFile = () => import('../domains/verification/verify-file-command').then((m) => m.verifyFileCommands);
const verifyDb = () => import('../domains/verification/verify-db-command').then((m) => m.verifyDbCommands);
const demo = () => import('../domains/demo/commands').then((m) => m.demoCommands);
const imports = () => import('../domains/import/commands').then((m) => m.importCommands);
const users = () => import('../domains/users/commands').then((m) => m.userCommands);
const apiKeys = () => import('../domains/api-keys/commands').then((m) => m.apiKeyCommands);
const evidence = () => import('../domains/evidence/commands').then((m) => m.evidenceCommands);
const audit = () => import('../domains/audit-log/commands').then((m) => m.auditLogCommands);
const backup = () => import('../domains/backup/commands').then((m) => m.backupCommands);
const seals = () => import('../domains/seals/commands').then((m) => m.sealCommands);

const spec = (
  name: string,
  summary: string,
  usage: string,
  flags: CommandSpec['flags'],
  load: () => Promise<readonly Command[]>,
  memory?: CommandSpec['memory'],
): CommandSpec => ({ name, summary, usage, flags, load, ...(memory ? { memory } : {}) });

/** Commands of two words belong to a group (`govcon users`): what each group is for. */
export const GROUPS: Readonly<Record<string, string>> = {
  migrate: 'The console-managed schema: which migrations are applied, and applying the pending ones.',
  users: 'The users of the governance database: list, inspect, create, disable, change roles, delete, find dormant ones.',
  'api-keys': 'API keys: create (shown once), list with their status, revoke, rotate with an overlap, check a key.',
  backup:
    "Backups in the console's own format (docs/formats.md): take one (govcon backup --out FILE), check one completely without restoring it.",
  'signing-key': 'Ed25519 signing keys for seals: create an encrypted key file, print its verifier key line.',
  audit: 'The audit trail: list entries a page at a time, or stream them to a file, filtered by a filter string (docs/audit-filter.md).',
};

export const COMMANDS: readonly CommandSpec[] = [
  spec(
    'health',
    'Connect, and report the server version, round-trip latency, TLS and migration state.',
    'health [--url URL] [--json]',
    {},
    database,
  ),
  spec(
    'init',
    'Create the database if it is missing (asks first), then create, adopt or migrate its schema.',
    'init [--url URL] [--yes] [--operator "Name <email>"] [--json]',
    {},
    database,
  ),
  spec(
    'migrate status',
    'List applied and pending migrations; exit 1 when some are pending.',
    'migrate status [--url URL] [--json]',
    {},
    database,
  ),
  spec(
    'migrate up',
    'Apply pending migrations to a database the console manages (under an advisory lock).',
    'migrate up [--url URL] [--operator "Name <email>"] [--json]',
    {},
    database,
  ),
  spec(
    'harden',
    'Create least-privilege roles (service, auditor, sealer); with --check, list every grant, ownership or membership ' +
      'that could rewrite history, exit 1 when there is one.',
    'harden [--url URL] [--check] [--prefix P] [--operator "Name <email>"] [--json]',
    { values: ['prefix'], booleans: ['check'] },
    database,
  ),
  spec(
    'verify-file',
    'Verify an exported audit.jsonl file offline (jsonl-v1); exit 1 when any line is not ok, or the file has none.',
    'verify-file PATH [--max-line-bytes N] [--all] [--json]',
    { values: ['max-line-bytes'], booleans: ['all'] },
    verifyFile,
  ),
  spec(
    'verify-db',
    "Recompute every audit_logs row's db-v1 hash in one snapshot; exit 1 when any row is tampered or unverifiable, or there are none.",
    'verify-db [--url URL] [--workers N|auto] [--all] [--seals --trusted-key KEY… [--checkpoint FILE] [--checkpoint-dir DIR] [--since-checkpoint FILE]] [--json]',
    { values: ['workers', 'checkpoint', 'checkpoint-dir', 'since-checkpoint'], booleans: ['all', 'seals'], lists: ['trusted-key'] },
    verifyDb,
    'stream',
  ),
  spec(
    'seal',
    'Seal audit_logs and console_events up to the horizon as signed Merkle checkpoints (seal-v1); exit 0 sealed or nothing to seal.',
    'seal --url URL --key FILE [--margin 5m] [--accept-late] [--checkpoint-dir DIR] [--origin-host H] [--json]',
    { values: ['key', 'margin', 'checkpoint-dir', 'origin-host'], booleans: ['accept-late'] },
    seals,
  ),
  spec(
    'checkpoint',
    "Write a log's latest signed checkpoint to FILE and its tree state to FILE.state, for an auditor to keep elsewhere.",
    'checkpoint --url URL --out FILE [--log audit_logs|console_events] [--json]',
    { values: ['out', 'log'] },
    seals,
  ),
  spec(
    'cosign',
    'Add a signature by KEY to a signed checkpoint (and to its seal in the database), after checking it extends what that key cosigned.',
    'cosign CHECKPOINT --key FILE [--url URL] [--json]',
    { values: ['key'] },
    seals,
  ),
  spec(
    'signing-key create',
    'Create an Ed25519 signing key as an encrypted PKCS#8 PEM file (passphrase from GOVCON_KEY_PASSPHRASE or asked); never overwrites.',
    'signing-key create --out FILE [--name NAME] [--json]',
    { values: ['out', 'name'] },
    seals,
  ),
  spec(
    'signing-key public',
    "Print a key file's verifier key line (name+hex8+base64, as golang.org/x/mod/sumdb/note); --out writes it to a file.",
    'signing-key public FILE [--out PUBFILE] [--json]',
    { values: ['out'] },
    seals,
  ),
  spec(
    'export-evidence',
    'Write chosen sealed rows of audit_logs as an evidence bundle (govcon-evidence/v1): rows, leaf hashes, one proof per run, ' +
      'the newest seal and its key, for govcon verify-bundle or the standalone verifier to check offline.',
    'export-evidence --url URL --out FILE (--from ISO --to ISO | --seals N-M | --ids FILE | --filter STR) [--with-verifier] [--json]',
    { values: ['out', 'from', 'to', 'seals', 'ids', 'filter'], booleans: ['with-verifier'] },
    evidence,
  ),
  spec(
    'verify-bundle',
    'Verify an evidence bundle offline (govcon-evidence/v1): every row against its leaf, the leaves against checkpoints ' +
      'signed by a trusted key; exit 1 when anything is changed, missing or not trusted.',
    'verify-bundle FILE --trusted-key KEY [--trusted-key KEY …] [--json]',
    { lists: ['trusted-key'] },
    evidence,
  ),
  spec(
    'demo',
    'Add realistic demo data to an initialised database (users, API keys, audit entries, executions, metrics); ' +
      'each run adds new data with a new seed.',
    'demo --rows N [--seed S] [--url URL] [--json]',
    { values: ['rows', 'seed'] },
    demo,
  ),
  spec(
    'import-jsonl',
    'Import a service audit.jsonl file into audit_logs (verified line by line, with chain of custody); ' +
      'exit 1 when lines were rejected or differ from rows already in the database.',
    'import-jsonl PATH [--url URL] [--operator "Name <email>"] [--batch N] [--max-line-bytes N] [--all] [--json]',
    { values: ['batch', 'max-line-bytes'], booleans: ['all'] },
    imports,
    'stream',
  ),
  spec(
    'verify-custody',
    'Re-prove imported audit rows from the original lines kept in custody; exit 1 when any row or line no longer matches.',
    'verify-custody [--url URL] [--import-id ID] [--audit-log-id ID] [--all] [--json]',
    { values: ['import-id', 'audit-log-id'], booleans: ['all'] },
    imports,
  ),
  spec(
    'users list',
    'List users a page at a time (--sort created|last-login|email, --order asc|desc; default created, desc).',
    'users list [--role R] [--active true|false] [--search T] [--sort S] [--order O] [--limit N] [--cursor C]',
    { values: ['role', 'active', 'search', 'sort', 'order', 'limit', 'cursor'] },
    users,
  ),
  spec(
    'users show',
    'One user: last login, keys, last key use, recent audit activity and console changes.',
    'users show EMAIL|ID',
    {},
    users,
  ),
  spec(
    'users create',
    'Create a user (email checked as the table does; role user, admin, sre, developer or auditor).',
    'users create --email E --name N [--role R]',
    { values: ['email', 'name', 'role'] },
    users,
  ),
  spec('users disable', 'Disable a user (kept for audit attribution; their keys stop being usable).', 'users disable EMAIL|ID', {}, users),
  spec('users enable', 'Re-enable a disabled user.', 'users enable EMAIL|ID', {}, users),
  spec('users set-role', "Change a user's role.", 'users set-role EMAIL|ID ROLE', {}, users),
  spec(
    'users delete',
    'Delete a user no audit entry refers to, with their keys (asks first; --yes to confirm).',
    'users delete EMAIL|ID [--yes]',
    {},
    users,
  ),
  spec(
    'users dormant',
    'Active users with no login and no key use for --days (default 90); --disable disables them all (asks first).',
    'users dormant [--days N] [--limit N] [--disable] [--yes]',
    { values: ['days', 'limit', 'cursor'], booleans: ['disable'] },
    users,
  ),
  spec(
    'users bulk',
    'Disable, enable or change the role of several users at once: all or nothing.',
    'users bulk disable|enable|set-role [--role R] EMAIL|ID…',
    { values: ['role'] },
    users,
  ),
  spec(
    'api-keys create',
    'Create an API key for a user and print it once (expiry 90 days unless told otherwise).',
    'api-keys create --user EMAIL --name N --scopes read,write [--expires-in-days D | --no-expiry]',
    { values: ['user', 'name', 'scopes', 'expires-in-days'], booleans: ['no-expiry'] },
    apiKeys,
  ),
  spec(
    'api-keys list',
    "List API keys (one user's or everyone's) with status: active, expiring, expired, revoked, disabled.",
    'api-keys list [--user EMAIL] [--status S] [--search TEXT] [--limit N] [--cursor C]',
    { values: ['user', 'status', 'search', 'limit', 'cursor'] },
    apiKeys,
  ),
  spec('api-keys revoke', 'Revoke an API key now (revoked_at set, is_active false).', 'api-keys revoke ID', {}, apiKeys),
  spec(
    'api-keys rotate',
    'Issue a replacement key (same name and scopes) and let the old one work for --overlap-hours more (default 24).',
    'api-keys rotate ID [--overlap-hours H] [--expires-in-days D | --no-expiry]',
    { values: ['overlap-hours', 'expires-in-days'], booleans: ['no-expiry'] },
    apiKeys,
  ),
  spec(
    'api-keys check',
    'Check a key read from stdin (one line): valid or why not, whose, which scopes. Exit 1 when invalid.',
    'api-keys check   (the key on stdin, never as an argument)',
    {},
    apiKeys,
  ),
  spec(
    'audit list',
    'List audit entries a page at a time, newest first, filtered by a filter string (docs/audit-filter.md).',
    'audit list [--filter STR] [--order newest|oldest] [--limit N] [--cursor C] [--exact-count] [--json]',
    { values: ['filter', 'order', 'limit', 'cursor'], booleans: ['exact-count'] },
    audit,
  ),
  spec(
    'audit export',
    'Stream the filtered audit entries, oldest first, to a CSV or JSONL file, with FILE.manifest.json (filter, rows, SHA-256).',
    'audit export --filter STR --format csv|jsonl --out FILE [--json]',
    { values: ['filter', 'format', 'out'] },
    audit,
  ),
  spec(
    'backup',
    "Back up every table of the governance database to one file in the console's own format (govcon-backup/1): " +
      'one snapshot, a SHA-256 per table, a chain and a trailer over every byte; written to FILE.tmp, renamed when complete.',
    'backup --out FILE [--url URL] [--operator "Name <email>"] [--json]',
    { values: ['out'] },
    backup,
  ),
  spec(
    'backup verify',
    'Check a backup file completely without restoring it (every digest, the chain, the trailer); exit 1 naming where it is changed, cut or spliced.',
    'backup verify FILE [--json]',
    {},
    backup,
  ),
  spec(
    'restore',
    'Restore a backup into an empty database (refused when not empty unless --force): verified first, schema by the ' +
      "console's migrations, every row in one transaction.",
    'restore FILE [--url URL] [--force] [--operator "Name <email>"] [--json]',
    { booleans: ['force'] },
    backup,
  ),
];

/** The commands of a group, in list order. */
export function groupCommands(group: string): CommandSpec[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${group} `));
}
