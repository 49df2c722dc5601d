import type { StateCreator } from 'zustand';
import type { AppState, NavSlice } from './types';

export const createNavSlice: StateCreator<AppState, [], [], NavSlice> = (set) => ({
  route: 'connections',
  navigate: (route) => set({ route }),
});
