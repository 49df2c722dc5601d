/**
 * The shell's "open file" dialog, as the app domain needs it: Electron's dialog in the app, a
 * stand-in the test sets under the browser-test host, none under the command line.
 */
export interface OpenFileOptions {
  title?: string;
  filters?: Array<{ name: string; extensions: string[] }>;
}

export interface FileDialog {
  /** The chosen file's absolute path; null when the person cancelled. */
  openFile(options: OpenFileOptions): Promise<string | null>;
}
