/** Rules for a key's scopes, name and expiry. */
import { API_KEY_SCOPES } from '../../shared/model/vocabulary';
import { AppError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import { type ApiKeyExpiry } from '../../shared/model/api-keys';
import type { ApiKeyScope } from '../../shared/model/vocabulary';

export const DEFAULT_EXPIRY_DAYS = LIMITS.keyExpiryDays.default;

export const DEFAULT_OVERLAP_HOURS = LIMITS.keyOverlapHours.default;

export const MAX_EXPIRY_DAYS = LIMITS.keyExpiryDays.max;

export const MAX_OVERLAP_HOURS = LIMITS.keyOverlapHours.max;

export function checkScopes(scopes: unknown): ApiKeyScope[] {
  if (!Array.isArray(scopes) || scopes.length === 0)
    throw new AppError('VALIDATION', `Give at least one scope: ${API_KEY_SCOPES.join(', ')}.`);
  const bad = scopes.filter((s) => typeof s !== 'string' || !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (bad.length)
    throw new AppError(
      'VALIDATION',
      `Unknown scope(s) ${bad.map((s) => `"${String(s).slice(0, 30)}"`).join(', ')}: scopes are ${API_KEY_SCOPES.join(', ')}.`,
    );
  // Canonical order, no repeats.
  return API_KEY_SCOPES.filter((s) => scopes.includes(s));
}

export function checkKeyName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new AppError('VALIDATION', 'A key needs a name.');
  const trimmed = name.trim();
  if (trimmed.length > 100) throw new AppError('VALIDATION', 'A key name is at most 100 characters.');
  return trimmed;
}

/** The expiry instant for `now`: null for never (only when asked for explicitly). */
export function expiryOf(expiry: ApiKeyExpiry | undefined, now: Date): Date | null {
  if (expiry === undefined) return new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * 86_400_000);
  if ('never' in expiry) {
    if (expiry.never !== true) throw new AppError('VALIDATION', 'A key that never expires needs { never: true }.');
    return null;
  }
  const days = expiry.days;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw new AppError('VALIDATION', `The expiry is a whole number of days from 1 to ${MAX_EXPIRY_DAYS} (or never, explicitly).`);
  }
  return new Date(now.getTime() + days * 86_400_000);
}

// ---------- listing ----------
