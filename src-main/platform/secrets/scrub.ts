/**
 * The one secret-scrubbing function: every log line and every error message built from a
 * driver's text passes through it, so a password in a connection URL or a known secret never
 * reaches a log, a toast or the command line's output.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi;

/** Masks the password part of URLs (`postgres://u:***@host`) and every given secret. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_PASSWORD, '$1***@');
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
