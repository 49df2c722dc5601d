import { useStore } from '../store';
import type { ThemePreference } from '../store/types';
import { THEME_LABELS } from './theme';

/** The colour scheme: following the operating system (the default), or light or dark. */
export function ThemeSwitch(): React.JSX.Element {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  return (
    <label className="theme-switch">
      Theme{' '}
      <select value={theme} onChange={(e) => setTheme(e.target.value as ThemePreference)}>
        {(Object.keys(THEME_LABELS) as ThemePreference[]).map((t) => (
          <option key={t} value={t}>
            {THEME_LABELS[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
