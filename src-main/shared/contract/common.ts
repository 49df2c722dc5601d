/** Pieces every contract file uses: the output-type carrier and the common input schemas. */
import { z } from 'zod';
import { LIMITS } from '../limits';

/** A phantom value that carries an output type through `typeof`. */
export const returns = <T>(): T => undefined as unknown as T;

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const NEEDS_CHECK = /[\u0000\ud800-\udfff]/;

/**
 * Why PostgreSQL cannot store this string (text, varchar and jsonb alike), or null:
 * - U+0000: text cannot hold it and jsonb refuses `\u0000`; worse, Sequelize rewrites `\0` in a
 *   bound string into the two characters `\0`, so the value would be stored altered;
 * - an unpaired surrogate: not a character, with no UTF-8 form (it would arrive as U+FFFD).
 */
export function unstorableText(s: string): string | null {
  if (!NEEDS_CHECK.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'contains U+0000, which PostgreSQL cannot store';
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return `contains an unpaired surrogate (\\u${c.toString(16)}), which has no UTF-8 form`;
  }
  return null;
}

/**
 * The one string schema of the contract: every string a channel takes is `text()` (then
 * `.min()`, `.max()`, `.regex()`… as it needs), so a value PostgreSQL cannot store is refused
 * with VALIDATION naming the field, before any query. test/unit/shared/storable-strings.test.ts
 * sends U+0000 through every string field of every channel to keep it so.
 */
export function text(): z.ZodString {
  return z.string().refine((s) => unstorableText(s) === null, {
    error: (issue) => unstorableText(String(issue.input)) ?? 'cannot be stored',
  });
}

/** The first unstorable string in a JSON value (keys included), with its path; null when none. */
export function unstorableInJson(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; why: string } | null {
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why === null ? null : { path, why };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableInJson(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const badKey = unstorableText(key);
      if (badKey !== null) return { path: [...path, key], why: `has a key that ${badKey}` };
      const found = unstorableInJson(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export const none = z.object({}).strict();
export const uuid = text().uuid();
export const jobId = z.object({ jobId: uuid }).strict();
export const profileId = z.object({ id: text().min(1).max(64) }).strict();
/** users.metadata (jsonb): any JSON object whose strings and keys PostgreSQL can store. */
export const metadata = z.record(text(), z.unknown()).superRefine((value, ctx) => {
  const found = unstorableInJson(value);
  if (found) ctx.addIssue({ code: 'custom', path: found.path, message: found.why });
});
export const cursor = text().max(LIMITS.cursorLength).nullable().optional();
export const limit = z.number().int().min(1).max(LIMITS.pageSize.max).optional();
export const filePath = text().min(1).max(LIMITS.pathLength);
/** A password travels renderer → main once, to be encrypted at rest; it never comes back. */
export const password = text().min(1).max(1024);
