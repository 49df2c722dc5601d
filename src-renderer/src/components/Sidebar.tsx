import { useStore } from '../store';
import { PAGES } from '../store/navSlice';

export function Sidebar(): React.JSX.Element {
  const page = useStore((s) => s.page);
  const navigate = useStore((s) => s.navigate);
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Governance Console</div>
      <ul>
        {PAGES.map((p) => (
          <li key={p.id}>
            <button type="button" className={p.id === page ? 'active' : ''} aria-current={p.id === page ? 'page' : undefined} onClick={() => navigate(p.id)}>
              {p.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
