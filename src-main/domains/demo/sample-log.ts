/**
 * Realistic `logs/audit.jsonl` files as the service writes them (jsonl-v1, docs/formats.md),
 * for tests, demos and the import benchmark: every line carries the real integrity hash,
 * so `verify-file` calls it ok and `import-jsonl` imports it.
 */
import fs from 'node:fs';
import { DRAG_MODES } from '../../shared/model/vocabulary';
import { once } from 'node:events';
import { isoTimestampToPyStr } from '../../integrity/py-datetime';
import { PyFloat, PyInt } from '../../integrity/py-value';
import { pyDumps, pyQuote, type PyJsonInput } from '../../integrity/python-json-dumps';
import { sha256Hex } from '../../integrity/sha256';
import { prng, uuidFrom } from './seeded-random';

/** One log entry before hashing: every key but `integrity_hash`, in the order it is written. */
export type SampleEntry = Record<string, PyJsonInput>;

/**
 * The line the service writes for `entry` (without its `\n`): the keys in their order,
 * Python's separators and escapes, and `integrity_hash` last — the SHA-256 of
 * `json.dumps(entry, sort_keys=True, default=str)` with the timestamp as `str(datetime)`.
 * `entry.timestamp` must be `isoformat()` text (`YYYY-MM-DDTHH:MM:SS[.ffffff]`).
 */
export function jsonlV1Line(entry: SampleEntry): string {
  const ts = entry.timestamp;
  const pyTs = typeof ts === 'string' ? isoTimestampToPyStr(ts) : null;
  if (pyTs === null) throw new TypeError(`timestamp must be isoformat() text, got ${JSON.stringify(ts)}`);
  const hashed = new Map<string, PyJsonInput>(Object.entries(entry));
  hashed.delete('integrity_hash');
  hashed.set('timestamp', pyTs);
  const hash = sha256Hex(pyDumps(hashed));
  let out = '{';
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'integrity_hash') continue;
    out += (out.length > 1 ? ', ' : '') + pyQuote(key) + ': ' + pyDumps(value);
  }
  return out + (out.length > 1 ? ', ' : '') + '"integrity_hash": "' + hash + '"}';
}

export interface SampleLogOptions {
  lines: number;
  /** Same seed, same lines. */
  seed?: number;
  /** The first entry's time; entries follow each other by a few seconds (default 2026-01-01). */
  start?: Date;
  /** Actor e-mail addresses to draw from (default: 40 made-up ones). */
  emails?: readonly string[];
}

const OUTCOMES = ['success', 'success', 'success', 'success', 'failure', 'rejected'] as const;
const WORKFLOWS = ['deploy-to-staging', 'summarise-incident', 'rotate_keys', 'sync-slack', 'db-backup', 'carbon-report', 'triage-alerts'];
const NAMES = [
  'Jake Smith',
  'Émile 😀 Dupont',
  '李小龍',
  'O\'Brien "Ops"',
  'Zoë Ångström',
  'Ana\\Backslash',
  'Grace Hopper',
  'Linus Torvalds',
];
const ROLES = ['SRE', 'Auditor', 'Product Lead', 'DevOps Engineer', 'developer', 'admin'];
const SOURCES = [
  { type: 'slack_webhook', description: 'Slash command payload', location: null },
  { type: 'file', description: 'Runbook excerpt', location: '/srv/runbooks/deploy.md' },
  { type: 'repository', description: 'Service sources', location: 'git://example.org/service' },
];
const OBJECTIVES = [
  'Deploy updated application to staging environment',
  'Summarise the incident for stakeholders',
  'Rotate credentials without downtime',
];
const CRITERIA = ['Zero downtime', 'Health checks pass', 'Reviewed by a human'];
const ERRORS = ['Timeout after 30s', 'Upstream model returned 503', 'Mission constraints not met'];

/** `datetime.isoformat()` of a UTC instant given in microseconds since the epoch. */
function isoformat(epochUs: number): string {
  const iso = new Date(Math.floor(epochUs / 1000)).toISOString();
  const us = epochUs % 1_000_000;
  return us === 0 ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${String(us).padStart(6, '0')}`;
}

/** The entries of a sample log, one after the other (unhashed; see {@link jsonlV1Line}). */
export function* sampleEntries(options: SampleLogOptions): Generator<SampleEntry> {
  const random = prng(options.seed ?? 4242);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const emails = options.emails ?? Array.from({ length: 40 }, (_, i) => `user${i + 1}@example.org`);
  let us = (options.start ?? new Date('2026-01-01T00:00:00Z')).getTime() * 1000;
  for (let i = 0; i < options.lines; i++) {
    us += 1_000_000 + Math.floor(random() * 5_000_000);
    if (i % 7 === 0) us -= us % 1_000_000; // some whole seconds: isoformat() drops the fraction
    const outcome = pick(OUTCOMES);
    const duration = random() < 0.1 ? null : new PyFloat(Math.round(random() * 120_000) / 1000);
    yield {
      trace_id: uuidFrom(random),
      timestamp: isoformat(us),
      aim: {
        actor: { name: pick(NAMES), email: random() < 0.15 ? null : pick(emails), role: pick(ROLES) },
        input: { sources: [pick(SOURCES)], constraints: ['PII redacted', 'Read-only access'] },
        mission: { objective: pick(OBJECTIVES), success_criteria: [pick(CRITERIA), pick(CRITERIA)] },
      },
      drag_mode: pick(DRAG_MODES),
      workflow_name: pick(WORKFLOWS),
      parameters: {
        environment: pick(['staging', 'production', 'dev']),
        ticket: `GOV-${1000 + (i % 9000)}`,
        retries: new PyInt(String(i % 4)),
        ratio: new PyFloat(random()),
        labels: ['Line\nBreak', 'Tab\tName'].slice(0, i % 3),
      },
      outcome,
      error: outcome === 'success' ? null : pick(ERRORS),
      duration_seconds: duration,
    };
  }
}

/** The lines of a sample log (without their `\n`). */
export function* sampleLogLines(options: SampleLogOptions): Generator<string> {
  for (const entry of sampleEntries(options)) yield jsonlV1Line(entry);
}

/** Writes a sample log file (every line ends with `\n`); returns its line count and size. */
export async function writeSampleLog(path: string, options: SampleLogOptions): Promise<{ lines: number; bytes: number }> {
  const out = fs.createWriteStream(path);
  const closed = once(out, 'close');
  let buffer = '';
  let lines = 0;
  for (const line of sampleLogLines(options)) {
    buffer += line + '\n';
    lines++;
    if (buffer.length >= 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await closed;
  return { lines, bytes: (await fs.promises.stat(path)).size };
}
