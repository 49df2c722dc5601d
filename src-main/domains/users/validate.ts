/** Rules for a user's email and name, as the service's schema enforces them (users_email_check, NOT NULL). */
import { AppError } from '../../shared/errors';
import { EMAIL_PATTERN } from './user-rows';

/** Null when the email would pass users_email_check (same pattern, case-insensitive), else why not. */
export function emailProblem(email: string): string | null {
  if (email.length > 255) return 'An email is at most 255 characters.';
  if (!EMAIL_PATTERN.test(email))
    return `"${email.slice(0, 100)}" is not an email address the users table accepts (local@domain.tld, letters, digits and . _ % + - only).`;
  return null;
}

export function checkEmail(email: unknown): string {
  if (typeof email !== 'string') throw new AppError('VALIDATION', 'An email is required.');
  const trimmed = email.trim();
  const problem = emailProblem(trimmed);
  if (problem) throw new AppError('VALIDATION', problem);
  return trimmed;
}

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new AppError('VALIDATION', 'A name is required.');
  const trimmed = name.trim();
  if (trimmed.length > 255) throw new AppError('VALIDATION', 'A name is at most 255 characters.');
  return trimmed;
}

// ---------- listing ----------
