import type { StateCreator } from 'zustand';
import type { RouteId } from '../app/routes';
import type { AppState } from './index';

/** Only where the window is: the list of places is the route registry (app/routes.ts). */
export interface NavSlice {
  route: RouteId;
  navigate(route: RouteId): void;
}

export const createNavSlice: StateCreator<AppState, [], [], NavSlice> = (set) => ({
  route: 'connections',
  navigate: (route) => set({ route }),
});
