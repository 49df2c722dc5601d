import type { StateCreator } from 'zustand';
import type { AppState, ThemePreference, ThemeSlice } from './types';

const KEY = 'govcon.theme';

/** The preference kept in this window's storage (a display choice, nothing of the database). */
export function storedTheme(): ThemePreference {
  const value = globalThis.localStorage?.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export const createThemeSlice: StateCreator<AppState, [], [], ThemeSlice> = (set) => ({
  theme: storedTheme(),
  setTheme: (theme) => {
    if (theme === 'system') globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, theme);
    set({ theme });
  },
});
