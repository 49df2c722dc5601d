/**
 * The store's shape, one interface per slice, apart from the slices themselves so that each
 * slice can be typed by the whole store (zustand's slices pattern) without an import cycle.
 */
import type { ConnectionSummary } from '../../../src-main/shared/model/connections';
import type { ErrorCode, ErrorDto } from '../../../src-main/shared/errors';
import type { JobFinished, JobProgress } from '../../../src-main/shared/model/jobs';
import type { ProfileListItem } from '../../../src-main/shared/model/connections';
import type { RouteId, RouteParams } from '../app/route-ids';

/** Only where the window is: the list of places is the route registry (app/routes.ts). */
export interface NavSlice {
  route: RouteId;
  /** What the link that opened the page asked it to show (empty from the sidebar). */
  params: RouteParams;
  /** The pages a link came from, latest last: Back returns to them. */
  history: Array<{ route: RouteId; params: RouteParams }>;
  /** With params: a link from the current page (Back returns here). Without: a fresh start there. */
  navigate(route: RouteId, params?: RouteParams): void;
  back(): void;
}

export interface ConnectionSlice {
  connection: ConnectionSummary | null;
  loadConnection(): Promise<void>;
  connectionChanged(connection: ConnectionSummary | null): void;
}

export interface JobsSlice {
  /** Latest progress of each job this window has seen, by job id. */
  progress: Record<string, JobProgress>;
  finished: Record<string, JobFinished>;
  jobProgressed(progress: JobProgress): void;
  jobFinished(finished: JobFinished): void;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  code?: string;
  title: string;
  message: string;
}

export interface ToastSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): void;
  pushError(error: ErrorDto, context?: string): void;
  dismissToast(id: number): void;
  dismissAllToasts(): void;
  /** Dismisses the error toasts with these codes: what caused them was mended. */
  resolveToasts(codes: readonly ErrorCode[]): void;
}

/** The colour scheme: the operating system's, or one chosen in the window. */
export type ThemePreference = 'system' | 'light' | 'dark';

export interface ThemeSlice {
  theme: ThemePreference;
  setTheme(theme: ThemePreference): void;
}

/** An action the command palette offers besides the pages (the open page adds its own). */
export interface PaletteCommand {
  id: string;
  label: string;
  run(): void;
  /** Why it cannot run now; it is listed, greyed out, with the reason. */
  disabledReason?: string;
}

export interface PaletteSlice {
  paletteOpen: boolean;
  /** The open page's own commands (ui/usePageCommands.ts sets them while the page is shown). */
  pageCommands: PaletteCommand[];
  setPaletteOpen(open: boolean): void;
  setPageCommands(commands: PaletteCommand[]): void;
}

export interface ProfilesSlice {
  profiles: ProfileListItem[];
  loadProfiles(): Promise<void>;
}

export type AppState = NavSlice & ToastSlice & ConnectionSlice & ProfilesSlice & JobsSlice & ThemeSlice & PaletteSlice;
