import type { StateCreator } from 'zustand';
import type { AppState, Toast, ToastSlice } from './types';

let nextId = 1;
const MAX_TOASTS = 5;

function sameToast(a: Omit<Toast, 'id'>, b: Omit<Toast, 'id'>): boolean {
  return a.kind === b.kind && a.code === b.code && a.title === b.title && a.message === b.message;
}

export const createToastSlice: StateCreator<AppState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  // A refused call reaches the window twice, as main's call/failed event and as the call's own
  // answer (api/callOrToast.ts), in either order: a toast already on screen is not shown again.
  pushToast: (toast) =>
    set((s) => (s.toasts.some((t) => sameToast(t, toast)) ? s : { toasts: [...s.toasts, { ...toast, id: nextId++ }].slice(-MAX_TOASTS) })),
  pushError: (error, context) => get().pushToast({ kind: 'error', code: error.code, title: context ?? error.code, message: error.message }),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
