/**
 * The audit log's filter string (docs/audit-filter.md): one grammar, parsed here and nowhere
 * else, so the page, `govcon audit list --filter` and saved views mean the same thing by it.
 *
 *   actor:ann mode:execute,grunt outcome:failure since:2026-01-01T00:00Z until:7d text:"timed out"
 *
 * Terms are `key:value` separated by white space; a value is a bare word or a double-quoted
 * string (`\"` and `\\` inside). List keys take several values, comma-separated or repeated.
 * A word without a key is free text. Renderer-safe: zod only.
 */
import { z } from 'zod';
import { DRAG_MODES, OUTCOMES } from './vocabulary';

/** A point in time: absolute UTC (microseconds kept, as TIMESTAMP text), or "this long before now". */
export const timeSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absolute'), utc: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/) }).strict(),
  z.object({ kind: z.literal('relative'), seconds: z.number().int().positive(), text: z.string() }).strict(),
]);
export type TimeSpec = z.infer<typeof timeSpecSchema>;

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(50);

export const auditFilterSchema = z
  .object({
    since: timeSpecSchema.optional(),
    until: timeSpecSchema.optional(),
    actor: z.string().min(1).max(255).optional(),
    role: list(z.string().min(1).max(50)).optional(),
    mode: list(z.enum(DRAG_MODES)).optional(),
    workflow: list(z.string().min(1).max(100)).optional(),
    outcome: list(z.enum(OUTCOMES)).optional(),
    trace: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      .optional(),
    user: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      .optional(),
    text: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The keys, in the order the printer writes them. */
export const FILTER_KEYS = ['since', 'until', 'actor', 'role', 'mode', 'workflow', 'outcome', 'trace', 'user', 'text'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
const LIST_KEYS = new Set<FilterKey>(['role', 'mode', 'workflow', 'outcome']);

/** What each key means, for help texts (docs/audit-filter.md says the same). */
export const FILTER_HELP: Record<FilterKey, string> = {
  since: 'entries at or after this time (UTC unless an offset is given), or this long ago: 30m, 24h, 7d',
  until: 'entries before this time (same forms as since)',
  actor: "part of the actor's name or email, any case",
  role: "the actor's role, exactly (comma-separated for several)",
  mode: `DRAG mode: ${DRAG_MODES.join(', ')}`,
  workflow: 'workflow name, exactly',
  outcome: `outcome: ${OUTCOMES.join(', ')}`,
  trace: 'one trace id (UUID)',
  user: 'the user id (UUID) the entry is linked to',
  text: 'part of the mission objective or the error, any case (scans; bounded by a 10 s limit)',
};

export const MAX_FILTER_LENGTH = 2000;

/** A filter string that does not parse: the message says where and what to write instead. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the string where the problem starts. */
    readonly at: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

interface Token {
  key: string | null;
  /** Raw values: a quoted value is one, a bare one is split at commas for list keys. */
  value: string;
  quoted: boolean;
  at: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readValue = (): { value: string; quoted: boolean } => {
    if (text[i] !== '"') {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]!)) {
        if (text[i] === '"') throw new FilterSyntaxError(`A quote inside a bare word at ${i + 1}: quote the whole value ("…").`, i);
        i++;
      }
      return { value: text.slice(start, i), quoted: false };
    }
    const open = i++;
    let value = '';
    for (;;) {
      if (i >= text.length) throw new FilterSyntaxError(`The quote opened at ${open + 1} is not closed.`, open);
      const c = text[i++]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i++];
        if (next !== '"' && next !== '\\') throw new FilterSyntaxError(`Only \\" and \\\\ are escapes inside quotes (at ${i - 1}).`, i - 2);
        value += next;
      } else value += c;
    }
    if (i < text.length && !/\s/.test(text[i]!)) throw new FilterSyntaxError(`Put a space after the closing quote at ${i}.`, i - 1);
    return { value, quoted: true };
  };
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const at = i;
    const keyMatch = /^([a-z]+):/i.exec(text.slice(i));
    if (keyMatch) {
      i += keyMatch[0].length;
      if (i >= text.length || /\s/.test(text[i]!)) throw new FilterSyntaxError(`${keyMatch[1]}: has no value (at ${at + 1}).`, at);
      tokens.push({ key: keyMatch[1]!.toLowerCase(), ...readValue(), at });
    } else {
      tokens.push({ key: null, ...readValue(), at });
    }
  }
  return tokens;
}

/** `2026-01-01`, `2026-01-01T10:00`, `…:30.123456Z`, `…+02:00` → UTC TIMESTAMP text with microseconds. */
export function parseTime(text: string): TimeSpec | null {
  const rel = /^(\d{1,6})([mhdw])$/.exec(text);
  if (rel) {
    const n = Number(rel[1]);
    const unit = { m: 60, h: 3600, d: 86_400, w: 604_800 }[rel[2] as 'm' | 'h' | 'd' | 'w'];
    return n > 0 ? { kind: 'relative', seconds: n * unit, text } : null;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not exist is refused, not moved.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z2 = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offsetMin = (z2[1] === '-' ? -1 : 1) * (Number(z2[2]) * 60 + Number(z2[3]));
  }
  const iso = new Date(ms - offsetMin * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return { kind: 'absolute', utc: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac.padEnd(6, '0')}` };
}

/** An absolute time as the printer writes it: ISO 8601 UTC, fraction only when there is one. */
export function printTime(spec: TimeSpec): string {
  if (spec.kind === 'relative') return spec.text;
  const [date, time] = spec.utc.split(' ') as [string, string];
  const [hms, frac] = time.split('.') as [string, string];
  const trimmed = frac.replace(/0+$/, '');
  return `${date}T${hms}${trimmed ? `.${trimmed}` : ''}Z`;
}

/** Parses a filter string; throws FilterSyntaxError naming the term that is wrong. */
export function parseFilter(text: string): AuditFilter {
  if (text.length > MAX_FILTER_LENGTH)
    throw new FilterSyntaxError(`A filter is at most ${MAX_FILTER_LENGTH} characters.`, MAX_FILTER_LENGTH);
  const filter: Record<string, unknown> = {};
  const freeWords: string[] = [];
  for (const token of tokenize(text)) {
    if (token.key === null) {
      freeWords.push(token.value);
      continue;
    }
    const key = token.key as FilterKey;
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new FilterSyntaxError(
        `Unknown filter key "${token.key}" (at ${token.at + 1}); the keys are ${FILTER_KEYS.join(', ')}.`,
        token.at,
      );
    }
    if (LIST_KEYS.has(key)) {
      const values = token.quoted ? [token.value] : token.value.split(',').filter((v) => v !== '');
      const known = (filter[key] as string[] | undefined) ?? [];
      for (const v of values) if (!known.includes(v)) known.push(v);
      filter[key] = known;
    } else {
      if (filter[key] !== undefined) throw new FilterSyntaxError(`${key}: is given twice (at ${token.at + 1}).`, token.at);
      if (key === 'since' || key === 'until') {
        const spec = parseTime(token.value);
        if (!spec)
          throw new FilterSyntaxError(
            `${key}:${token.value} is not a time: write 2026-01-31, 2026-01-31T14:00Z, 2026-01-31T14:00+02:00 or 24h, 7d.`,
            token.at,
          );
        filter[key] = spec;
      } else if (key === 'trace' || key === 'user') {
        filter[key] = token.value.toLowerCase();
      } else filter[key] = token.value;
    }
  }
  if (freeWords.length) {
    if (filter.text !== undefined) throw new FilterSyntaxError('Free words and text: both given: put all the text in text:"…".', 0);
    filter.text = freeWords.join(' ');
  }
  const parsed = auditFilterSchema.safeParse(filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new FilterSyntaxError(`${key}: ${describeIssue(key as FilterKey)}`, 0);
  }
  return parsed.data;
}

function describeIssue(key: FilterKey): string {
  switch (key) {
    case 'mode':
      return `is one of ${DRAG_MODES.join(', ')}.`;
    case 'outcome':
      return `is one of ${OUTCOMES.join(', ')}.`;
    case 'trace':
    case 'user':
      return 'is a UUID (8-4-4-4-12 hex digits).';
    default:
      return `${FILTER_HELP[key] ?? 'is not valid'} (value too long or empty).`;
  }
}

const BARE = /^[^\s",\\]+$/;
const quote = (v: string) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The canonical filter string: keys in FILTER_KEYS order; parseFilter(printFilter(f)) equals f. */
export function printFilter(filter: AuditFilter): string {
  const terms: string[] = [];
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value === undefined) continue;
    if (key === 'since' || key === 'until') terms.push(`${key}:${printTime(value as TimeSpec)}`);
    else if (Array.isArray(value)) {
      if (value.every((v) => BARE.test(v) && !/^[a-z]+:/i.test(v))) terms.push(`${key}:${value.join(',')}`);
      else for (const v of value) terms.push(`${key}:${quote(v)}`);
    } else {
      const v = String(value);
      terms.push(`${key}:${BARE.test(v) ? v : quote(v)}`);
    }
  }
  return terms.join(' ');
}

/** The filter string in canonical form, or the syntax error. */
export function normaliseFilter(text: string): { ok: true; filter: AuditFilter; text: string } | { ok: false; error: FilterSyntaxError } {
  try {
    const filter = parseFilter(text);
    return { ok: true, filter, text: printFilter(filter) };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e };
    throw e;
  }
}

/** Whether the filter needs a scan that no index bounds (free text, actor): it may take seconds. */
export function filterScans(filter: AuditFilter): boolean {
  return filter.text !== undefined || filter.actor !== undefined;
}
