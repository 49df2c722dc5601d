/**
 * The console's version: package.json's, written once here (test/unit/shared/version.test.ts
 * checks they agree) because the bundled main process and the worker cannot read package.json.
 * `govcon --version` prints it, reports carry it, and every console session tells the server
 * (`govcon.console_version`), which console_events records with each event.
 */
export const CONSOLE_VERSION = '0.1.0';
