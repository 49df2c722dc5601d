import type { StateCreator } from 'zustand';
import type { AppState, PaletteSlice } from './types';

export const createPaletteSlice: StateCreator<AppState, [], [], PaletteSlice> = (set) => ({
  paletteOpen: false,
  pageCommands: [],
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setPageCommands: (pageCommands) => set({ pageCommands }),
});
