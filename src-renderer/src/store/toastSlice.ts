import type { StateCreator } from 'zustand';
import type { AppState, Toast, ToastSlice } from './types';

let nextId = 1;
/** Messages kept at most; errors stay until dismissed or resolved, so this is only a backstop. */
const MAX_TOASTS = 10;

/** The same news: one toast for it, even when several calls (a dashboard's cards) brought it. */
function sameToast(a: Omit<Toast, 'id'>, b: Omit<Toast, 'id'>): boolean {
  return a.kind === b.kind && a.code === b.code && a.message === b.message && (a.kind === 'error' || a.title === b.title);
}

export const createToastSlice: StateCreator<AppState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  // A refused call reaches the window twice, as main's call/failed event and as the call's own
  // answer (api/callOrToast.ts), in either order: a toast already on screen is not shown again.
  pushToast: (toast) =>
    set((s) => (s.toasts.some((t) => sameToast(t, toast)) ? s : { toasts: [...s.toasts, { ...toast, id: nextId++ }].slice(-MAX_TOASTS) })),
  pushError: (error, context) => get().pushToast({ kind: 'error', code: error.code, title: context ?? error.code, message: error.message }),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  dismissAllToasts: () => set({ toasts: [] }),
  // What fixed the cause of these errors happened (connected, database created, schema initialised).
  resolveToasts: (codes) =>
    set((s) => ({ toasts: s.toasts.filter((t) => t.kind !== 'error' || !t.code || !(codes as readonly string[]).includes(t.code)) })),
});
