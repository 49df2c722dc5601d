import { useStore } from '../store';
import { ROUTES } from './routes';
import { shortcutNames } from './shortcuts';
import { ThemeSwitch } from './ThemeSwitch';

export function Sidebar(): React.JSX.Element {
  const current = useStore((s) => s.route);
  const navigate = useStore((s) => s.navigate);
  const openPalette = useStore((s) => s.setPaletteOpen);
  const palette = shortcutNames('K');
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Governance Console</div>
      <ul>
        {ROUTES.map((route) => {
          const keys = route.shortcut ? shortcutNames(route.shortcut) : null;
          return (
            <li key={route.id}>
              <button
                type="button"
                className={route.id === current ? 'active' : ''}
                aria-current={route.id === current ? 'page' : undefined}
                aria-keyshortcuts={keys?.aria}
                onClick={() => navigate(route.id)}
              >
                {route.label}
                {/* Hidden from the accessible name, which aria-keyshortcuts completes. */}
                {keys && <kbd aria-hidden="true">{keys.shown}</kbd>}
              </button>
            </li>
          );
        })}
      </ul>
      <div className="sidebar-foot">
        <button type="button" className="palette-open" aria-keyshortcuts={palette.aria} onClick={() => openPalette(true)}>
          Commands… <kbd aria-hidden="true">{palette.shown}</kbd>
        </button>
        <ThemeSwitch />
      </div>
    </nav>
  );
}
