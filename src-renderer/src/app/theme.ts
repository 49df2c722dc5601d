import { useEffect } from 'react';
import { useStore } from '../store';
import type { ThemePreference } from '../store/types';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The scheme a preference means right now ('system': what the operating system says). */
export function resolvedTheme(preference: ThemePreference): 'light' | 'dark' {
  if (preference !== 'system') return preference;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Puts the scheme on the document (styles.css reads data-theme); at start-up, before the first paint. */
export function applyTheme(preference: ThemePreference): void {
  const theme = resolvedTheme(preference);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Keeps the document's scheme on the preference, and on the system's while the preference is to follow it. */
export function useTheme(): void {
  const preference = useStore((s) => s.theme);
  useEffect(() => {
    applyTheme(preference);
    if (preference !== 'system') return;
    const media = window.matchMedia(DARK_QUERY);
    const onChange = () => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [preference]);
}

export const THEME_LABELS: Record<ThemePreference, string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };
