import type { AppState, PaletteCommand, ThemePreference } from '../store/types';
import { ROUTES } from './routes';
import { shortcutNames } from './shortcuts';
import { THEME_LABELS } from './theme';

/** Everything the palette offers: the pages, the window's own actions, then the open page's. */
export function paletteCommands(state: AppState): PaletteCommand[] {
  const pages = ROUTES.map((route) => ({
    id: `go:${route.id}`,
    label: `Go to ${route.label}${route.shortcut ? ` (${shortcutNames(route.shortcut).shown})` : ''}`,
    run: () => state.navigate(route.id),
  }));
  const themes = (Object.keys(THEME_LABELS) as ThemePreference[]).map((theme) => ({
    id: `theme:${theme}`,
    label: `Theme: ${THEME_LABELS[theme]}${state.theme === theme ? ' (current)' : ''}`,
    run: () => state.setTheme(theme),
  }));
  const window: PaletteCommand[] = [
    {
      id: 'back',
      label: 'Back to the previous page',
      run: state.back,
      disabledReason: state.history.length ? undefined : 'no page to go back to',
    },
    {
      id: 'dismiss-messages',
      label: 'Dismiss all messages',
      run: state.dismissAllToasts,
      disabledReason: state.toasts.length ? undefined : 'no messages',
    },
  ];
  return [...state.pageCommands, ...pages, ...window, ...themes];
}

/** Commands whose label holds every word typed, in any order, ignoring case. */
export function matching(commands: PaletteCommand[], text: string): PaletteCommand[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
}
