import { useStore } from '../store';
import { routeById } from './routes';

/** After a link from another page (an execution's audit entry…): the way back to it, as it was. */
export function BackLink(): React.JSX.Element | null {
  const previous = useStore((s) => s.history.at(-1));
  const back = useStore((s) => s.back);
  if (!previous) return null;
  return (
    <button type="button" className="link back-link" onClick={back} aria-keyshortcuts="Alt+ArrowLeft">
      ← Back to {routeById(previous.route).label}
    </button>
  );
}
