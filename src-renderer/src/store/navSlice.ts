import type { StateCreator } from 'zustand';
import type { AppState, NavSlice } from './types';

/** Pages Back can return to, at most. */
const MAX_HISTORY = 20;

export const createNavSlice: StateCreator<AppState, [], [], NavSlice> = (set, get) => ({
  route: 'connections',
  params: {},
  history: [],
  navigate: (route, params) =>
    set((s) =>
      params
        ? // A link from one page into another (with what to show there): Back returns to where it was.
          { route, params, history: [...s.history, { route: s.route, params: s.params }].slice(-MAX_HISTORY) }
        : // The sidebar, a shortcut or the palette: a place of its own, nothing to go back to.
          { route, params: {}, history: [] },
    ),
  back: () => {
    const previous = get().history.at(-1);
    if (previous) set((s) => ({ route: previous.route, params: previous.params, history: s.history.slice(0, -1) }));
  },
});
