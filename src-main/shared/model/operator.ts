/**
 * The person at the console, recorded with every change in console_events: from the
 * connection profile, `--operator`, GOVCON_OPERATOR or the OS account.
 */
export interface Operator {
  name: string;
  email?: string | null;
}
