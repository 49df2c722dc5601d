import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export const PAGES = [
  { id: 'connections', label: 'Connections' },
  { id: 'database', label: 'Database' },
  { id: 'users', label: 'Users' },
  { id: 'api-keys', label: 'API Keys' },
  { id: 'audit-log', label: 'Audit Log' },
  { id: 'integrity', label: 'Integrity' },
  { id: 'dashboard', label: 'Dashboard' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export interface NavSlice {
  page: PageId;
  navigate(page: PageId): void;
}

export const createNavSlice: StateCreator<AppState, [], [], NavSlice> = (set) => ({
  page: 'connections',
  navigate: (page) => set({ page }),
});
