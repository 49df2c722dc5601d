/**
 * Plain data that crosses the bridge. No classes, no Dates (ISO strings instead), no model
 * instances: everything here survives structured clone and JSON alike.
 */
import type { ErrorDto } from '../errors';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };

export interface AppInfo {
  name: string;
  version: string;
  /** Where the console keeps its profiles, secrets and embedded workspace. */
  dataDir: string;
  /** 'electron' inside the desktop app, 'test-host' under the browser-test host. */
  shell: 'electron' | 'test-host' | 'node';
}

export interface CallFailed {
  channel: string;
  error: ErrorDto;
}

export interface ReportFile {
  fileName: string;
  mimeType: string;
  content: string;
}
