import type { StateCreator } from 'zustand';
import type { ErrorDto } from '../../../src-main/shared/errors';
import type { AppState } from './index';

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
}

let nextId = 1;
const MAX_TOASTS = 5;

export const createToastSlice: StateCreator<AppState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  pushToast: (toast) => set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextId++ }].slice(-MAX_TOASTS) })),
  pushError: (error, context) =>
    get().pushToast({ kind: 'error', code: error.code, title: context ?? error.code, message: error.message }),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
